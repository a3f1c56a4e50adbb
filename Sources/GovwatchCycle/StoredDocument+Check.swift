package import GovwatchCore

extension StoredDocument {
    /// A fetch of this document was answered: when, and (for content now
    /// stored) the validators that belong to it. Without `validators` the
    /// stored ones stay: they must never run ahead of the stored content, or
    /// a 304 would confirm content we do not have.
    package mutating func recordCheck(at now: Timestamp, validators: Validators? = nil) {
        lastCheckedAt = now
        if let validators {
            etag = validators.etag
            lastModified = validators.lastModified
        }
    }
}
