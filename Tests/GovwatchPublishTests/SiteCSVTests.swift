import Testing

@testable import GovwatchPublish

/// RFC 4180 fields: quoted when they hold a comma, quote or line break,
/// quotes doubled; anything else as it is.
@Suite("CSV fields")
struct SiteCSVTests {
    @Test func fieldsAreQuotedOnlyWhenTheyMustBe() {
        #expect(SiteCSV.field("市建设局、市发改委") == "市建设局、市发改委")
        #expect(SiteCSV.field("已开工3个。\n新建“2”个") == "\"已开工3个。\n新建“2”个\"")
        #expect(SiteCSV.field("他说\"好\",再议") == "\"他说\"\"好\"\",再议\"")
        #expect(SiteCSV.field("\r") == "\"\r\"" && SiteCSV.field("") == "")
    }
}
