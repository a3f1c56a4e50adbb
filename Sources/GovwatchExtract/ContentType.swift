public import GovwatchCore
import GovwatchHTML

/// Extraction from what a server answered: the body and its Content-Type
/// header. Callers that fetch pages (the monitor) hand over the header as
/// they got it, and never need the HTML layer's charset rules themselves.
extension ArticleExtractor {
    /// Extracts from a fetched body; the header's `charset` parameter, when
    /// present, is the first word on the encoding (see ``Charset``).
    public func extract(_ bytes: [UInt8], contentType: String?, url: String?) throws(ExtractionError) -> Article {
        try extract(bytes, charset: contentType.flatMap(Charset.label(inContentType:)), url: url)
    }
}

extension ListingExtractor {
    /// Extracts from a fetched column page or dataproxy answer.
    public func extract(_ bytes: [UInt8], contentType: String?, url: String?) throws(ExtractionError) -> Listing {
        try extract(bytes, charset: contentType.flatMap(Charset.label(inContentType:)), url: url)
    }
}
