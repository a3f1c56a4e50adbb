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
    /// Rules 3's list forms (``ListLines``).
    let wider: Bool
    var sawProgressLabel = false
    var place = Place.preamble

    init(paragraphs: [String], rules: ReadingRules = .version2) {
        self.paragraphs = paragraphs
        wider = rules.readsWiderVocabulary
    }

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
        if wider, ListLines.isFooter(paragraph) {
            state.finishPending()
            place = .closing
            state.note("paragraph \(index + 1): the site's footer, the list ends: \(Self.cut(paragraph))")
            return index + 1
        }
        if let task = taskStart(at: index) {
            state.finishPending()
            state.note(
                "paragraph \(index + 1): task \(task.number)\(task.star ? "*" : ""), units in paragraph \(task.end + 1)"
            )
            var text = [task.text]
            var extras: [(name: String, origin: Int, text: String)] = []
            for line in paragraphs[(index + 1)..<task.end] {
                // A leader line between the task and its units is no task text.
                if wider, let leader = ListLines.leader(line) {
                    extras.append((leader.label, -1, leader.name))
                } else {
                    text.append(line)
                }
            }
            state.pending = PendingEntry(
                number: task.number, star: task.star, section: state.section, taskOrigin: -1,
                taskParagraphs: text, unitParagraphs: [], progressParagraphs: [], progressOrigins: [], extras: extras)
            place = .units
            return task.end
        }
        if var heading = ReportListReader.sectionHeading(paragraph) {
            if wider { heading = ListLines.withoutCount(heading) }
            state.finishPending()
            state.section = heading
            state.note("paragraph \(index + 1): section \"\(heading)\"")
            place = place == .preamble ? .preamble : .betweenTasks
            return index + 1
        }
        if state.pending != nil {
            if wider, place != .progress, let leader = ListLines.leader(paragraph) {
                state.pending!.extras.append((leader.label, -1, leader.name))
                return index + 1
            }
            if place == .units, wider, let line = ListLines.unitLine(paragraph) {
                state.pending!.unitParagraphs.append(line)
                return index + 1
            }
            if place == .units, UnitClauses.startsWithLabel(paragraph) {
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
    /// From rules 3 a task may also be numbered `(一)` (under a `一、`
    /// heading), its unit line may take rules 3's forms, and leader lines
    /// may stand between it and its units.
    func taskStart(at index: Int) -> (number: String, star: Bool, text: String, end: Int)? {
        let number: String
        var star = false
        let text: String
        if ReportListReader.startsNumbered(paragraphs[index]),
            let numbered = ReportListReader.numbered(paragraphs[index])
        {
            (number, star, text) = numbered
        } else if wider, let bracketed = ListLines.bracketedTask(paragraphs[index]) {
            (number, text) = bracketed
        } else {
            return nil
        }
        if UnitClauses.splitTrailing(text) != nil || (wider && ListLines.ledBy(text) != nil) {
            return (number, star, text, index + 1)
        }
        var next = index + 1
        var leaders = 0
        while next < paragraphs.count, next <= index + ReportListReader.taskLookahead + leaders {
            let paragraph = paragraphs[next]
            if isUnitLine(paragraph) { return (number, star, text, next) }
            if ReportListReader.startsNumbered(paragraph) || ReportListReader.sectionHeading(paragraph) != nil
                || ReportListReader.progressLine(paragraph) != nil
            {
                return nil
            }
            // Leader lines stretch the look-ahead, a few at most: a page of
            // nothing but leader lines must not make the walk quadratic.
            if wider, leaders < ReportListReader.taskLookahead, ListLines.leader(paragraph) != nil { leaders += 1 }
            next += 1
        }
        return nil
    }

    func isUnitLine(_ paragraph: String) -> Bool {
        UnitClauses.startsWithLabel(paragraph) || (wider && ListLines.unitLine(paragraph) != nil)
    }

    /// A paragraph's start, for a note.
    static func cut(_ paragraph: String) -> String {
        paragraph.count <= 24 ? paragraph : String(paragraph.prefix(24)) + "…"
    }
}
