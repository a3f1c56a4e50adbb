import GovwatchConfig
import GovwatchCore
import Testing

@testable import GovwatchCycle

/// The cycle's decision, in process and without HTTP: what it concludes
/// from a listing, fetch outcomes and stored documents.
@Suite("A cycle's decision")
struct CycleDecisionTests {
    static let now = Timestamp(epochSeconds: 1_800_000_000)
    static let column = "http://site.test/col/col1/index.html"

    static func entry(_ number: Int, progress: String = "推进中") -> ReportEntry {
        ReportEntry(
            key: "k\(number)", number: "\(number)", section: nil, task: "任务\(number)", leadUnits: ["市发改委"],
            progress: [progress], extras: [:])
    }

    static func snapshot(_ count: Int, title: String = "2026年重点工作进展", progress: String = "推进中") -> DocumentSnapshot {
        DocumentSnapshot(title: title, entries: (1...count).map { entry($0, progress: progress) })
    }

    static func stored(
        _ url: String, _ snapshot: DocumentSnapshot, listed: Bool = true, status: StoredDocument.Status = .active,
        checked: Timestamp? = now + .seconds(-7 * 3600)
    ) -> StoredDocument {
        var document = StoredDocument(
            url: url, source: "s", snapshot: snapshot, status: status, firstSeenAt: now + .seconds(-86400),
            lastCheckedAt: checked, etag: "\"old\"", listed: listed)
        document.publishedAt = nil
        return document
    }

    func decision(type: GovwatchConfiguration.SourceType = .column, baseline: GovwatchConfiguration.Baseline = .silent)
        -> CycleDecision
    {
        let url = type == .article ? "http://site.test/art/2026/1/1/art_1_1.html" : Self.column
        return CycleDecision(
            source: GovwatchConfiguration.Source(name: "s", url: url, type: type, baseline: baseline),
            failureThreshold: 3, now: Self.now)
    }

    func observe(
        _ articles: [FetchedArticle], listing: [ListingItem]?, baselineDone: Bool = true,
        state: SourceState = SourceState(name: "s")
    ) -> CycleObservation {
        var state = state
        state.baselineDone = baselineDone
        return CycleObservation(
            state: state, listing: listing, listingValidators: Validators(etag: "\"list\""), articles: articles)
    }

    static func item(_ url: String) -> ListingItem { ListingItem(url: url, title: "标题", date: "2026-01-01") }

    // MARK: Which articles are fetched

    @Test func newListedArticlesAreFetchedAndMissingOnesRechecked() {
        let known = Self.stored("http://site.test/a", Self.snapshot(3))
        let gone = Self.stored("http://site.test/b", Self.snapshot(3))
        let removed = Self.stored("http://site.test/c", Self.snapshot(3), status: .removed)
        let wanted = decision().articlesToFetch(
            listing: [
                Self.item("http://site.test/a"), Self.item("http://site.test/new"), Self.item("http://site.test/c"),
            ],
            documents: [known.url: known, gone.url: gone, removed.url: removed]
        ).wanted
        // `a` is listed and known, checked 7 h ago: due (every 6 h), so rechecked.
        #expect(wanted.count == 4)
        guard case .new = wanted["http://site.test/new"], case .missing = wanted["http://site.test/b"],
            case .new = wanted["http://site.test/c"], case .recheck = wanted["http://site.test/a"]
        else {
            Issue.record("wrong purposes: \(wanted)")
            return
        }
        // An unchanged listing: nothing new or missing, the due ones rechecked.
        let unchanged = decision().articlesToFetch(listing: nil, documents: [known.url: known, gone.url: gone]).wanted
        #expect(unchanged.keys.sorted() == ["http://site.test/a", "http://site.test/b"])
        #expect(unchanged.values.allSatisfy { $0.isRecheck })
    }

    /// Inside the window every `recheck_interval`; after it every
    /// `archive_interval` (7 days by default) for as long as it is known, or
    /// never when that is 0. `once --recheck` rechecks everything now.
    @Test func theRecheckScheduleSlowsDownInsteadOfStopping() {
        var old = Self.stored("http://site.test/old", Self.snapshot(3), checked: Self.now + .seconds(-3 * 86400))
        old.publishedAt = "2020-01-01T00:00:00Z"
        let fresh = Self.stored("http://site.test/fresh", Self.snapshot(3), checked: Self.now + .seconds(-60))
        let never = Self.stored("http://site.test/never", Self.snapshot(3), checked: nil)
        #expect(decision().recheck(old) == .archived)
        #expect(decision().recheck(fresh) == .notDue)
        #expect(decision().recheck(never) == .due)
        var weekOld = old
        weekOld.url = "http://site.test/week-old"
        weekOld.lastCheckedAt = Self.now + .seconds(-8 * 86400)
        #expect(decision().recheck(weekOld) == .due)
        let off = CycleDecision(
            source: GovwatchConfiguration.Source(name: "s", url: Self.column, archiveInterval: .zero),
            failureThreshold: 3, now: Self.now)
        #expect(off.recheck(weekOld) == .archived)
        var everything = decision()
        everything.recheckAll = true
        #expect(everything.recheck(fresh) == .due && everything.recheck(old) == .due)

        let plan = decision().articlesToFetch(
            listing: nil, documents: [old.url: old, fresh.url: fresh, never.url: never, weekOld.url: weekOld])
        #expect(plan.wanted.keys.sorted() == [never.url, weekOld.url])
        #expect(plan.notDue == 1 && plan.archived == 1)
        let report = decision().decide(
            observe([FetchedArticle(url: never.url, purpose: .recheck, outcome: .notModified)], listing: nil)
                .skipping(notDue: 1, archived: 1),
            documents: [old.url: old, fresh.url: fresh, never.url: never])
        #expect(report.summary == "listing unchanged, fetched 1, 0 alerts; skipped 1 not due, 1 archived")
    }

    /// An article source's page is fetched every run, and is not also
    /// reported as skipped when it is past its recheck window.
    @Test func anArticleSourcePageIsNeverCountedAsSkipped() {
        let url = "http://site.test/art/2026/1/1/art_1_1.html"
        var old = Self.snapshot(2)
        old.publishedAt = "2020-01-01T00:00:00+08:00"
        let document = Self.stored(url, old)
        let plan = decision(type: .article).articlesToFetch(listing: nil, documents: [url: document])
        #expect(plan.wanted[url] != nil)
        #expect(plan.archived == 0 && plan.notDue == 0)
    }

    // MARK: New documents

    @Test func theFirstCycleIsOneSilentBaseline() {
        let url = "http://site.test/new"
        let outcome = ArticleOutcome.extracted(
            Self.snapshot(3), hash: Self.snapshot(3).contentHash, Validators(etag: "\"n\""))
        let report = decision().decide(
            observe(
                [FetchedArticle(url: url, purpose: .new(Self.item(url)), outcome: outcome)],
                listing: [Self.item(url)], baselineDone: false), documents: [:])
        #expect(report.commit.alerts.map(\.kind) == [.sourceBaseline])
        #expect(report.commit.source.baselineDone)
        #expect(report.commit.documents.map(\.etag) == ["\"n\""])
        #expect(report.commit.changedSnapshots == [url])
        #expect(report.summary == "listing 1 item, fetched 1, 1 alert")
    }

    /// A cold cycle in two batches: the first commits its documents with the
    /// state as loaded (no listing validators, no baseline yet); the last
    /// finishes with one baseline naming every document of both.
    @Test func aColdCycleInBatchesBaselinesOnceAtTheEnd() {
        let urls = ["http://site.test/a", "http://site.test/b", "http://site.test/c"]
        let listing = urls.map(Self.item)
        func fetched(_ url: String) -> FetchedArticle {
            FetchedArticle(
                url: url, purpose: .new(Self.item(url)),
                outcome: .extracted(Self.snapshot(2), hash: Self.snapshot(2).contentHash, .init()))
        }
        var first = observe([fetched(urls[0]), fetched(urls[1])], listing: listing, baselineDone: false)
        first.listingValidators = Validators(etag: "\"listing\"")
        // A document the batch does not touch (another report of the column).
        let untouched = Self.stored("http://site.test/z", Self.snapshot(1))
        var documents = [untouched.url: untouched]
        let (batch, carried) = decision().decideBatch(first, documents: &documents, carried: .init())
        #expect(batch.commit.alerts.isEmpty)
        #expect(batch.commit.documents.map(\.url) == Array(urls.prefix(2)))
        // The documents come back as the batch committed them, the others as they were.
        #expect(documents.keys.sorted() == Array(urls.prefix(2)) + [untouched.url])
        #expect(batch.commit.documents.allSatisfy { documents[$0.url] == $0 })
        #expect(documents[untouched.url] == untouched)
        #expect(!batch.commit.source.baselineDone)
        #expect(batch.commit.source.listingEtag == nil)

        var last = observe([fetched(urls[2])], listing: listing, baselineDone: false)
        last.listingValidators = Validators(etag: "\"listing\"")
        let stored = Dictionary(uniqueKeysWithValues: batch.commit.documents.map { ($0.url, $0) })
        let report = decision().decide(last, documents: stored, carried: carried)
        #expect(report.commit.alerts.map(\.kind) == [.sourceBaseline])
        #expect(report.commit.alerts.first?.documents?.map(\.url) == urls)
        #expect(report.commit.alerts.first?.entryCount == 6)
        #expect(report.commit.documents.map(\.url) == [urls[2]])
        #expect(report.commit.source.baselineDone && report.commit.source.listingEtag == "\"listing\"")
        #expect(report.summary == "listing 3 items, fetched 3, 1 alert")
    }

    @Test func aNewReportAfterTheBaselineIsPublishedWithItsPredecessor() {
        let previous = Self.stored("http://site.test/p", Self.snapshot(3, title: "2026年1-6月重点工作进展"))
        let next = Self.snapshot(3, title: "2026年1-11月重点工作进展")
        let url = "http://site.test/n"
        let report = decision().decide(
            observe(
                [
                    FetchedArticle(
                        url: url, purpose: .new(Self.item(url)),
                        outcome: .extracted(next, hash: next.contentHash, .init()))
                ],
                listing: [Self.item(url), Self.item(previous.url)]),
            documents: [previous.url: previous])
        #expect(report.commit.alerts.map(\.kind) == [.documentPublished])
        #expect(report.commit.alerts.first?.previous?.url == previous.url)
    }

    @Test func aNewArticleThatFailsIsNotRecordedAndTheListingIsAskedAgain() {
        let url = "http://site.test/n"
        let failure = FetchProblem(url: url, description: "timed out fetching \(url)")
        let report = decision().decide(
            observe(
                [FetchedArticle(url: url, purpose: .new(Self.item(url)), outcome: .failed(failure))],
                listing: [Self.item(url)]),
            documents: [:])
        #expect(report.commit.documents.isEmpty)
        #expect(report.commit.source.listingEtag == nil)
        #expect(report.commit.source.lastError == "1 article(s) could not be fetched")
        #expect(report.summary.hasSuffix(", 1 fetch failure"))
    }

    // MARK: Known documents

    @Test func aChangedEntryIsOneAlertAndTheNewValidatorsAreKept() {
        let old = Self.stored("http://site.test/a", Self.snapshot(5))
        let new = Self.snapshot(5, progress: "已完成")
        let report = decision().decide(
            observe(
                [
                    FetchedArticle(
                        url: old.url, purpose: .recheck,
                        outcome: .extracted(new, hash: new.contentHash, Validators(etag: "\"new\"")))
                ], listing: nil),
            documents: [old.url: old])
        #expect(report.commit.alerts.map(\.kind) == [.documentChanged])
        #expect(report.commit.alerts.first?.changes.count == 5)
        let document = report.commit.documents.first
        #expect(document?.etag == "\"new\"")
        #expect(document?.lastChangedAt == Self.now)
        #expect(report.commit.changedSnapshots == [old.url])
    }

    /// A report read from its files keeps no page validators (a file can be
    /// replaced under the same URL); one read from the page's own table
    /// that only links files keeps them, and an unchanged reading of it
    /// stores nothing.
    @Test func validatorsAreDroppedOnlyForReportsReadFromFiles() {
        let old = Self.stored("http://site.test/a", Self.snapshot(5))
        for (files, keeps) in [
            ([AttachedFile.linked(name: "附件.docx", url: "http://site.test/f.docx")], true),
            (
                [AttachedFile(name: "附件.docx", url: "http://site.test/f.docx", bytes: 10, sha256: "ab", entries: 5)],
                false
            ),
        ] {
            var same = Self.snapshot(5)
            same.attachments = files
            let report = decision().decide(
                observe(
                    [
                        FetchedArticle(
                            url: old.url, purpose: .recheck,
                            outcome: .extracted(same, hash: same.contentHash, Validators(etag: "\"e\"")))
                    ], listing: nil),
                documents: [old.url: old])
            #expect(report.commit.alerts.isEmpty)
            #expect(report.commit.documents.first?.etag == (keeps ? "\"e\"" : nil), "\(files)")
            #expect(report.commit.changedSnapshots == (keeps ? [] : [old.url]))
        }
    }

    /// A report broken since its last good reading that now reads as
    /// stored under its old rules is news (恢复解析), not a silent reread.
    @Test func anUnparsedReportReadAgainAsStoredIsRecovered() {
        let old = Self.stored("http://site.test/a", Self.snapshot(5), status: .unparsed)
        let better = Self.snapshot(5, progress: "推进中（新规则）")
        let report = decision().decide(
            observe(
                [
                    FetchedArticle(
                        url: old.url, purpose: .recheck,
                        outcome: .reread(better, hash: better.contentHash, Validators()))
                ], listing: nil),
            documents: [old.url: old])
        #expect(report.commit.alerts.map(\.kind) == [.documentRecovered])
        #expect(report.commit.documents.first?.status == .active)
    }

    /// An upgrade that reads a stored page better (a bare unit clause now
    /// split off its task) stores the new reading and alerts nothing.
    @Test func aPageReadAgainByNewerRulesIsStoredSilently() {
        let old = Self.stored("http://site.test/a", Self.snapshot(5))
        let better = Self.snapshot(5, progress: "推进中（新规则）")
        let report = decision().decide(
            observe(
                [
                    FetchedArticle(
                        url: old.url, purpose: .recheck,
                        outcome: .reread(better, hash: better.contentHash, Validators(etag: "\"new\"")))
                ], listing: nil),
            documents: [old.url: old])
        #expect(report.commit.alerts.isEmpty)
        let document = report.commit.documents.first
        #expect(document?.contentHash == better.contentHash)
        #expect(document?.snapshot == better)
        #expect(document?.etag == "\"new\"")
        #expect(document?.lastChangedAt == old.lastChangedAt)
        #expect(report.commit.changedSnapshots == [old.url])
    }

    /// A report that was unparsed reads again: 恢复解析, once, with what
    /// differs from the last content read (or nothing, when it is the same).
    @Test func anUnparsedReportThatReadsAgainIsRecovered() {
        let broken = Self.stored("http://site.test/a", Self.snapshot(5), status: .unparsed)
        let same = Self.snapshot(5)
        let edited = Self.snapshot(5, progress: "已完成")
        for (content, changes) in [(same, 0), (edited, 5)] {
            let report = decision().decide(
                observe(
                    [
                        FetchedArticle(
                            url: broken.url, purpose: .recheck,
                            outcome: .extracted(content, hash: content.contentHash, .init()))
                    ], listing: nil),
                documents: [broken.url: broken])
            #expect(report.commit.alerts.map(\.kind) == [.documentRecovered])
            #expect(report.commit.alerts.first?.changes.count == changes)
            #expect(report.commit.documents.first?.status == .active)
        }
        // Never read before (stored with no entries): its first reading is a recovery too.
        let unread = Self.stored("http://site.test/b", DocumentSnapshot(title: "标题", entries: []))
        let report = decision().decide(
            observe(
                [
                    FetchedArticle(
                        url: unread.url, purpose: .recheck, outcome: .extracted(same, hash: same.contentHash, .init()))
                ],
                listing: nil),
            documents: [unread.url: unread])
        #expect(report.commit.alerts.map(\.kind) == [.documentRecovered])
        #expect(report.commit.alerts.first?.summary == "恢复解析：2026年重点工作进展（5项任务）")
    }

    @Test func aTableThatLosesMostRowsIsUnparsedOnceAndKeepsItsValidators() {
        let old = Self.stored("http://site.test/a", Self.snapshot(10))
        let broken = Self.snapshot(4)
        let fetched = FetchedArticle(
            url: old.url, purpose: .recheck,
            outcome: .extracted(broken, hash: broken.contentHash, Validators(etag: "\"broken\"")))
        let first = decision().decide(observe([fetched], listing: nil), documents: [old.url: old])
        #expect(first.commit.alerts.map(\.kind) == [.documentUnparsed])
        let document = first.commit.documents[0]
        #expect(document.status == .unparsed)
        #expect(document.etag == "\"old\"")  // a 304 must never confirm the broken page
        #expect(document.lastError == "entries dropped from 10 to 4")
        #expect(first.commit.changedSnapshots.isEmpty)
        var again = document
        again.snapshot = old.snapshot
        let second = decision().decide(observe([fetched], listing: nil), documents: [old.url: again])
        #expect(second.commit.alerts.isEmpty)
    }

    @Test func theShrinkRuleJudgesOnlyReportsOfFourRowsOrMore() {
        #expect(ShrinkRule.isSuspicious(from: 4, to: 1))
        #expect(!ShrinkRule.isSuspicious(from: 4, to: 2))
        #expect(!ShrinkRule.isSuspicious(from: 3, to: 1))
        #expect(ShrinkRule.isSuspicious(from: 157, to: 78))
    }

    @Test func aDelistedArticleThatAnswers404IsRemovedAndAListedOneIsAFailure() {
        let delisted = Self.stored("http://site.test/a", Self.snapshot(3))
        let listed = Self.stored("http://site.test/b", Self.snapshot(3))
        let report = decision().decide(
            observe(
                [
                    FetchedArticle(url: delisted.url, purpose: .missing, outcome: .gone(404)),
                    FetchedArticle(url: listed.url, purpose: .recheck, outcome: .gone(404)),
                ],
                listing: [Self.item(listed.url)]),
            documents: [delisted.url: delisted, listed.url: listed])
        #expect(report.commit.alerts.map(\.kind) == [.documentRemoved])
        let byURL = Dictionary(uniqueKeysWithValues: report.commit.documents.map { ($0.url, $0) })
        #expect(byURL[delisted.url]?.status == .removed)
        #expect(byURL[listed.url]?.status == .active)
        #expect(byURL[listed.url]?.lastError == "listed but answers HTTP 404")
    }

    /// Fetch failures come back for the log with their URL and reason, and
    /// whether the same document failed last time too (then at info).
    @Test func fetchFailuresAreReportedOnceLoudly() {
        var known = Self.stored("http://site.test/a", Self.snapshot(3))
        let failure = FetchProblem(url: known.url, status: 500, description: "HTTP 500 fetching \(known.url)")
        let article = FetchedArticle(url: known.url, purpose: .recheck, outcome: .failed(failure))
        let first = decision().decide(observe([article], listing: nil), documents: [known.url: known])
        #expect(
            first.failures == [
                FetchFailure(url: known.url, reason: "HTTP 500 fetching \(known.url)", new: false, repeated: false)
            ])
        known.lastError = first.commit.documents.first?.lastError
        let again = decision().decide(observe([article], listing: nil), documents: [known.url: known])
        #expect(again.failures.map(\.repeated) == [true])
        // A new reason (the 500 became a body over max_body) is news: said loudly again.
        let bigger = FetchProblem(url: known.url, description: "body too large fetching \(known.url)")
        let changed = decision().decide(
            observe([FetchedArticle(url: known.url, purpose: .recheck, outcome: .failed(bigger))], listing: nil),
            documents: [known.url: known])
        #expect(changed.failures.map(\.repeated) == [false])
        let url = "http://site.test/n"
        let new = decision().decide(
            observe(
                [FetchedArticle(url: url, purpose: .new(Self.item(url)), outcome: .gone(404))],
                listing: [Self.item(url)]),
            documents: [:])
        #expect(new.failures == [FetchFailure(url: url, reason: "HTTP 404", new: true, repeated: false)])
    }

    @Test func a304OnlyMovesTheCheckTime() {
        let known = Self.stored("http://site.test/a", Self.snapshot(3))
        let report = decision().decide(
            observe(
                [FetchedArticle(url: known.url, purpose: .recheck, outcome: .notModified)],
                listing: nil), documents: [known.url: known])
        var expected = known
        expected.lastCheckedAt = Self.now
        #expect(report.commit.documents == [expected])
        #expect(report.commit.checkedOnly == [known.url])
        #expect(report.commit.alerts.isEmpty)
        #expect(report.summary == "listing unchanged, fetched 1, 0 alerts")
    }

    /// The store writes only the check time of a document in
    /// ``CycleCommit/checkedOnly``: one whose stored row changes in any
    /// other way must never be there.
    @Test func onlyADocumentChangedInItsCheckTimeAloneIsWrittenAsOne() {
        let item = { (url: String) in Self.item(url) }
        let unchanged = Self.stored("http://site.test/a", Self.snapshot(3))
        let dropped = Self.stored("http://site.test/b", Self.snapshot(3))
        let back = Self.stored("http://site.test/c", Self.snapshot(3), listed: false)
        let read = Self.stored("http://site.test/d", Self.snapshot(3))
        let failing = Self.stored("http://site.test/e", Self.snapshot(3))
        let outcomes: [(StoredDocument, ArticleOutcome)] = [
            (unchanged, .notModified), (dropped, .notModified), (back, .notModified),
            (read, .extracted(Self.snapshot(4), hash: Self.snapshot(4).contentHash, Validators(etag: "\"new\""))),
            (failing, .failed(FetchProblem(url: "http://site.test/e", description: "timed out"))),
        ]
        let observation = observe(
            outcomes.map { FetchedArticle(url: $0.0.url, purpose: .recheck, outcome: $0.1) },
            // Listed: all but `dropped` (304 while it left the listing).
            listing: [unchanged, back, read, failing].map { item($0.url) })
        let documents = Dictionary(uniqueKeysWithValues: outcomes.map { ($0.0.url, $0.0) })
        let report = decision().decide(observation, documents: documents)
        #expect(report.commit.documents.count == outcomes.count)
        #expect(report.commit.checkedOnly == [unchanged.url])
        // A batch's commit says the same.
        var batchDocuments = documents
        let batch = decision().decideBatch(observation, documents: &batchDocuments, carried: .init()).report
        #expect(batch.commit.checkedOnly == [unchanged.url])
    }

    // MARK: Failures

    @Test func failuresAlertOnceAtTheThresholdAndRecoveryFollows() {
        var state = SourceState(name: "s")
        state.baselineDone = true
        var kinds: [[Alert.Kind]] = []
        for _ in 1...4 {
            let report = decision().failed(state: state, reason: "HTTP 500", documents: [])
            kinds.append(report.commit.alerts.map(\.kind))
            state = report.commit.source
        }
        #expect(kinds == [[], [], [.sourceFailing], []])
        let recovered = decision().decide(observe([], listing: [], state: state), documents: [:])
        #expect(recovered.commit.alerts.map(\.kind) == [.sourceRecovered])
        #expect(recovered.commit.source.consecutiveFailures == 0)
    }

    @Test func anArticleSourceWhoseFetchFailedHasFailedItsCycle() {
        let decision = decision(type: .article)
        let url = decision.source.url
        let known = Self.stored(url, Self.snapshot(3))
        let report = decision.decide(
            observe(
                [
                    FetchedArticle(
                        url: url, purpose: .recheck,
                        outcome: .failed(FetchProblem(url: url, description: "cannot connect fetching \(url): refused"))
                    )
                ],
                listing: [ListingItem(url: url, title: nil, date: nil)]),
            documents: [url: known])
        #expect(report.commit.source.consecutiveFailures == 1)
        #expect(report.summary.hasPrefix("failed (1 in a row): "))
    }

    // MARK: Snapshots loaded

    @Test func onlyChangedPagesLoadTheirStoredSnapshot() {
        let same = Self.stored("http://site.test/a", Self.snapshot(3))
        let changed = Self.stored("http://site.test/b", Self.snapshot(3))
        let new = Self.snapshot(3, progress: "已完成")
        let observation = observe(
            [
                FetchedArticle(
                    url: same.url, purpose: .recheck,
                    outcome: .extracted(same.snapshot!, hash: same.contentHash!, .init())),
                FetchedArticle(
                    url: changed.url, purpose: .recheck, outcome: .extracted(new, hash: new.contentHash, .init())),
            ], listing: nil)
        #expect(
            decision().snapshotsNeeded(observation, documents: [same.url: same, changed.url: changed]) == [changed.url])
        let url = "http://site.test/n"
        let withNew = observe(
            [
                FetchedArticle(
                    url: url, purpose: .new(Self.item(url)), outcome: .extracted(new, hash: new.contentHash, .init()))
            ],
            listing: [Self.item(url)])
        #expect(decision().snapshotsNeeded(withNew, documents: [:]) == nil)
    }

    /// An article another source holds is that source's document: listed
    /// here, it is neither fetched nor stored again.
    @Test func articlesHeldElsewhereAreNotFetched() {
        let held = ListingItem(url: "http://site.test/held", title: nil, date: nil)
        let fresh = ListingItem(url: "http://site.test/new", title: nil, date: nil)
        let plan = decision().articlesToFetch(listing: [held, fresh], documents: [:], elsewhere: [held.url])
        #expect(Set(plan.wanted.keys) == [fresh.url])
    }

    /// The clock set back a day: a document "checked tomorrow" is due now,
    /// not in a day (detection must not stop for as long as the clock went back).
    @Test func aDocumentCheckedInTheFutureIsDue() {
        let future = Self.stored("http://site.test/a", Self.snapshot(3), checked: Self.now + .seconds(86_400))
        #expect(decision().recheck(future) == .due)
        let recent = Self.stored("http://site.test/a", Self.snapshot(3), checked: Self.now + .seconds(-60))
        #expect(decision().recheck(recent) == .notDue)
    }

    /// Two processes deciding on the same stored state derive the same ids;
    /// the next event of a document (its revision moved on) derives another.
    @Test func alertIDsFollowTheDocumentsRevisionNotTheClock() {
        let known = Self.stored("http://site.test/a", Self.snapshot(3))
        let edited = FetchedArticle(
            url: known.url, purpose: .recheck,
            outcome: .extracted(
                Self.snapshot(3, progress: "已完成"), hash: Self.snapshot(3, progress: "已完成").contentHash, Validators()))
        let first = decision().decide(observe([edited], listing: nil), documents: [known.url: known])
        let later = CycleDecision(source: decision().source, failureThreshold: 3, now: Self.now + .seconds(3600))
        let second = later.decide(observe([edited], listing: nil), documents: [known.url: known])
        #expect(first.commit.alerts.map(\.id) == second.commit.alerts.map(\.id))
        #expect(first.commit.alerts.count == 1)
        #expect(first.commit.documents.first?.revision == known.revision + 1)
        var moved = known
        moved.revision += 1
        let third = decision().decide(observe([edited], listing: nil), documents: [known.url: moved])
        #expect(third.commit.alerts.map(\.id) != first.commit.alerts.map(\.id))
    }
}

extension CycleObservation {
    func skipping(notDue: Int, archived: Int) -> CycleObservation {
        var observation = self
        observation.skipped = (notDue, archived)
        return observation
    }

}
