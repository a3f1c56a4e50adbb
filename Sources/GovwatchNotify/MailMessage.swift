import Foundation
public import GovwatchConfig
public import GovwatchCore

/// A well-formed RFC 5322 message in UTF-8 (encoded-word headers, base64
/// body), handed to `sendmail -t -oi`.
public enum MailMessage {
    public static func render(_ alerts: [Alert], notifier: GovwatchConfiguration.Notifier, now: Timestamp) -> String {
        let subject = NotificationText.title(alerts, prefix: notifier.title)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let body = Data(NotificationText.plain(alerts).utf8).base64EncodedString(options: [
            .lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed,
        ])
        let headers = [
            "From: govwatch <\(notifier.from)>",
            "To: " + notifier.to.joined(separator: ", "),
            "Subject: " + encodedWord(subject),
            "Date: " + formatter.string(from: Date(timeIntervalSince1970: now.epochSeconds)),
            "Message-ID: <\(RobotMessages.batchKey(alerts)).\(Int(now.epochSeconds))@govwatch>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: base64",
            "X-Govwatch-Alerts: " + alerts.map(\.id).joined(separator: " "),
        ]
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + body + "\r\n"
    }

    /// RFC 2047 B-encoding, split so each encoded word stays under 75 characters.
    static func encodedWord(_ text: String) -> String {
        var words: [String] = []
        var chunk = ""
        for character in text {
            if (chunk + String(character)).utf8.count > 45 {
                words.append(chunk)
                chunk = ""
            }
            chunk.append(character)
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?UTF-8?B?\(Data($0.utf8).base64EncodedString())?=" }.joined(separator: "\r\n ")
    }

    /// Runs `sendmail -t -oi` with the message on stdin; throws its failure.
    public static func send(_ message: String, program: String) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = ["-t", "-oi"]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
                return
            }
            input.fileHandleForWriting.write(Data(message.utf8))
            try? input.fileHandleForWriting.close()
        }
        guard status == 0 else {
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw MailError(message: "\(program) exited with status \(status): \(text.prefix(200))")
        }
    }

    struct MailError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
