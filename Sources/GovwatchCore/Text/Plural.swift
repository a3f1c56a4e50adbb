/// Counts in operator messages: `1 item`, `2 items`, `0 alerts`.
public enum Plural {
    public static func count(_ number: Int, _ noun: String) -> String {
        number == 1 ? "1 \(noun)" : "\(number) \(noun)s"
    }

    /// For nouns whose plural is not `+s` (`entry`, `entries`).
    public static func count(_ number: Int, _ noun: String, _ plural: String) -> String {
        number == 1 ? "1 \(noun)" : "\(number) \(plural)"
    }
}
