import GovwatchCore

/// One pass over a list-form report's paragraphs (``ReportListReader``).
struct ListWalk {
    enum Place {
        /// Before the first task: title, salutation, preamble.
        case preamble
        /// After a task's text, reading its unit lines.
        case units
        /// After a progress label: paragraphs continue the progress.
        case progress
        /// After a task's units with no progress label.
        case betweenTasks
        /// After the signature or date: nothing more is a task.
        case closing
    }

    let paragraphs: [String]
    var sawProgressLabel = false
    var place = Place.preamble

    init(paragraphs: [String]) { self.paragraphs = paragraphs }

    mutating func walk(_ state: inout ReadingState) {
        var index = 0
        while index < paragraphs.count {
            index = step(at: index, &state)
        }
        state.finishPending()
    }

    /// Reads the paragraph at `index` (and the task text after it); returns
    /// the index of the next paragraph to read.
    mutating func step(at index: Int, _ state: inout ReadingState) -> Int {
        let paragraph = paragraphs[index]
        if place == .closing {
            state.note("paragraph \(index + 1): after the signature, skipped: \(Self.cut(paragraph))")
            return index + 1
        }
        if let task = taskStart(at: index) {
            state.finishPending()
            state.note(
                "paragraph \(index + 1): task \(task.number)\(task.star ? "*" : ""), units in paragraph \(task.end + 1)"
            )
            state.pending = PendingEntry(
                number: task.number, star: task.star, section: state.section, taskOrigin: -1,
                taskParagraphs: [task.text] + paragraphs[(index + 1)..<task.end], unitParagraphs: [],
                progressParagraphs: [], progressOrigins: [], extras: [])
            place = .units
            return task.end
        }
        if let heading = ReportListReader.sectionHeading(paragraph) {
            state.finishPending()
            state.section = heading
            state.note("paragraph \(index + 1): section \"\(heading)\"")
            place = place == .preamble ? .preamble : .betweenTasks
            return index + 1
        }
        if state.pending != nil {
            if place == .units, Self.isUnitLine(paragraph) {
                state.pending!.unitParagraphs.append(paragraph)
                return index + 1
            }
            if let first = ReportListReader.progressLine(paragraph) {
                sawProgressLabel = true
                if !first.isEmpty { state.pending!.progressParagraphs.append(first) }
                place = .progress
                return index + 1
            }
        }
        if place != .preamble, ReportListReader.isClosingLine(paragraph) {
            state.finishPending()
            place = .closing
            state.note("paragraph \(index + 1): signature or date, the list ends: \(Self.cut(paragraph))")
            return index + 1
        }
        if place == .progress, state.pending != nil {
            state.pending!.progressParagraphs.append(paragraph)
            return index + 1
        }
        let why = place == .preamble ? "before the first task" : "not part of a task"
        state.note("paragraph \(index + 1): \(why), skipped: \(Self.cut(paragraph))")
        return index + 1
    }

    /// A task starting at `index`: a numbered paragraph ending in a unit
    /// clause, or followed by a unit line within the look-ahead (the
    /// paragraphs before that line continue the task's text).
    func taskStart(at index: Int) -> (number: String, star: Bool, text: String, end: Int)? {
        guard ReportListReader.startsNumbered(paragraphs[index]),
            let (number, star, text) = ReportListReader.numbered(paragraphs[index])
        else { return nil }
        if UnitClauses.splitTrailing(text) != nil { return (number, star, text, index + 1) }
        var next = index + 1
        while next < paragraphs.count, next <= index + ReportListReader.taskLookahead {
            let paragraph = paragraphs[next]
            if Self.isUnitLine(paragraph) { return (number, star, text, next) }
            if ReportListReader.startsNumbered(paragraph) || ReportListReader.sectionHeading(paragraph) != nil
                || ReportListReader.progressLine(paragraph) != nil
            {
                return nil
            }
            next += 1
        }
        return nil
    }

    static func isUnitLine(_ paragraph: String) -> Bool { UnitClauses.startsWithLabel(paragraph) }

    /// A paragraph's start, for a note.
    static func cut(_ paragraph: String) -> String {
        paragraph.count <= 24 ? paragraph : String(paragraph.prefix(24)) + "…"
    }
}
