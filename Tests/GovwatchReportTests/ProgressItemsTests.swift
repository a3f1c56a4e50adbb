import GovwatchCore
import Testing

@testable import GovwatchReport

@Suite("Progress items")
struct ProgressItemsTests {
    @Test func circledMarkersOnePerParagraph() {
        #expect(ProgressItems.split(["①完成A。", "②完成B。"]) == ["完成A。", "完成B。"])
    }

    @Test func markersRunTogetherInOneParagraph() {
        #expect(ProgressItems.split(["一是加快A；二是推进B；三是完成C。"]) == ["加快A；", "推进B；", "完成C。"])
        #expect(ProgressItems.split(["①完成A；②完成B。"]) == ["完成A；", "完成B。"])
    }

    @Test func arabicAndParenthesizedMarkers() {
        #expect(ProgressItems.split(["1.完成A。", "2.完成B。"]) == ["完成A。", "完成B。"])
        #expect(ProgressItems.split(["1、完成A。", "2、完成B。"]) == ["完成A。", "完成B。"])
        #expect(ProgressItems.split(["（1）完成A；（2）完成B。"]) == ["完成A；", "完成B。"])
    }

    @Test func numbersInsideTextDoNotSplit() {
        #expect(ProgressItems.split(["增长10.6%，完成1.5万吨，2021年第1、2季度达标。"]).count == 1)
        #expect(ProgressItems.split(["1-9月完成投资12亿元。"]) == ["1-9月完成投资12亿元。"])
    }

    @Test func outOfSequenceMarkerInsideParagraphDoesNotSplit() {
        #expect(ProgressItems.split(["①完成A。3.完成B。"]) == ["完成A。3.完成B。"])
    }

    @Test func leadParagraphIsItsOwnItemAndLaterPlainParagraphContinues() {
        let items = ProgressItems.split(["总体进展顺利。", "①完成A。", "补充说明A。", "②完成B。"])
        #expect(items == ["总体进展顺利。", "完成A。\n补充说明A。", "完成B。"])
    }

    @Test func nestedListStaysInItsItem() {
        let items = ProgressItems.split(["①推进改革。一是联合实施A。二是启动B。", "②完成C。"])
        #expect(items == ["推进改革。一是联合实施A。二是启动B。", "完成C。"])
    }

    @Test func plainParagraphsAreOneItemEach() {
        #expect(ProgressItems.split(["完成A。", "完成B。"]) == ["完成A。", "完成B。"])
        #expect(ProgressItems.split([]) == [])
    }
}
