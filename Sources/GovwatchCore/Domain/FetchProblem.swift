/// A fetch that failed, as the cycle decision sees it: the domain's own
/// value, so deciding needs no HTTP client. The fetcher turns its errors
/// into this (`FetchError.problem` in GovwatchFetch).
public struct FetchProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public var url: String
    /// The HTTP status when the server answered with an error.
    public var status: Int?
    /// One line for operators: what failed, the URL, and the detail
    /// (`HTTP 500 fetching https://…`).
    public var description: String

    public init(url: String, status: Int? = nil, description: String) {
        self.url = url
        self.status = status
        self.description = description
    }
}
