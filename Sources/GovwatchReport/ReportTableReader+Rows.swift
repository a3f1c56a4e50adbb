import GovwatchCore

/// The rows of a report table below its header.
extension ReadingState {
    /// One row below the header: skipped, a section title, the continuation
    /// of the pending entry, or a new entry.
    mutating func readRow(_ row: [Int], layout: Layout, columns: Columns, _ cells: inout CellTexts) {
        let texts = row.map { cells.text($0) }
        if texts.allSatisfy(\.isEmpty) { return }
        if isRepeatedHeader(texts, layout) {
            note("table \(table): a repeated header row, skipped")
            return
        }
        if let heading = sectionTitle(row: row, texts: texts, columns: columns) {
            finishPending()
            section = heading
            note("table \(table): section \"\(heading)\"")
            return
        }
        let numberText = columns.number.map { texts[$0] } ?? ""
        let taskText = texts[columns.task]
        let taskOrigin = row[columns.task]
        if let pending,
            (taskOrigin >= 0 && taskOrigin == pending.taskOrigin) || (numberText.isEmpty && taskText.isEmpty)
        {
            extendPending(row: row, layout: layout, columns: columns, &cells)
            return
        }
        finishPending()
        let progressOrigin = columns.progress.map { row[$0] } ?? -1
        if taskText.isEmpty && cells.text(progressOrigin).isEmpty {
            note("table \(table): a row with no task and no progress, skipped")
            return
        }
        let numberOrigin = columns.number.map { row[$0] } ?? -1
        var extras: [(name: String, origin: Int, text: String)] = []
        for (index, role) in layout.roles.enumerated() where role == .extra || role == .category {
            let origin = row[index]
            guard origin >= 0, origin != numberOrigin, origin != taskOrigin else { continue }
            extras.append((layout.extraNames[index], origin, cells.paragraphs(origin).joined(separator: "\n")))
        }
        var (number, star) = normalizedNumber(numberText)
        var taskParagraphs = cells.paragraphs(taskOrigin)
        if rules.readsWiderVocabulary {
            // No 序号 column: the number opens the task cell (`1、…`, `（1）…`).
            if columns.number == nil, let first = taskParagraphs.first, let split = TaskNumber.split(first) {
                (number, star) = (split.number, false)
                taskParagraphs[0] = split.rest
            }
            if let group = columns.taskGroup, row[group] != taskOrigin {
                let heading = TaskNumber.split(texts[group])?.rest ?? texts[group]
                if !heading.isEmpty { taskParagraphs.insert(heading + "：", at: 0) }
            }
        }
        // Rules 3: a category column (类别, often rowspan) names the section.
        let category = columns.category.map { texts[$0] } ?? ""
        pending = PendingEntry(
            number: number,
            star: star,
            section: category.isEmpty ? section : category,
            taskOrigin: taskOrigin,
            taskParagraphs: taskParagraphs,
            unitParagraphs: columns.unit.map { cells.paragraphs(row[$0]) } ?? [],
            progressParagraphs: cells.paragraphs(progressOrigin),
            progressOrigins: progressOrigin >= 0 ? [progressOrigin] : [],
            extras: extras
        )
        if let supporting = columns.supporting { pending?.supportingParagraphs = cells.paragraphs(row[supporting]) }
    }

    /// A row that continues the pending entry (a rowspan task cell, or a row
    /// Word broke across pages): its new progress, units and extras.
    mutating func extendPending(row: [Int], layout: Layout, columns: Columns, _ cells: inout CellTexts) {
        guard var entry = pending else { return }
        pending = nil  // one owner while it grows: no copy of its arrays
        let progressOrigin = columns.progress.map { row[$0] } ?? -1
        if progressOrigin >= 0, !entry.progressOrigins.contains(progressOrigin) {
            entry.progressOrigins.insert(progressOrigin)
            entry.progressParagraphs += cells.paragraphs(progressOrigin)
        }
        if let unit = columns.unit, entry.unitParagraphs.isEmpty {
            entry.unitParagraphs = cells.paragraphs(row[unit])
        }
        if let supporting = columns.supporting, entry.supportingParagraphs.isEmpty {
            entry.supportingParagraphs = cells.paragraphs(row[supporting])
        }
        for (index, role) in layout.roles.enumerated() where role == .extra || role == .category {
            let origin = row[index]
            guard origin >= 0, !cells.text(origin).isEmpty, !entry.extras.contains(where: { $0.origin == origin })
            else {
                continue
            }
            entry.extras.append((layout.extraNames[index], origin, cells.text(origin)))
        }
        pending = entry
    }

    /// A header row repeated inside the table (Word repeats it after page breaks).
    func isRepeatedHeader(_ texts: [String], _ layout: Layout) -> Bool {
        guard texts.count == layout.headerFolded.count else { return false }
        // Cheap length check before folding: header cells are short.
        for (text, header) in zip(texts, layout.headerFolded) where text.utf8.count > header.utf8.count * 3 + 8 {
            return false
        }
        return texts.map(ComparableText.fold) == layout.headerFolded
    }

    /// The section title a row carries, or nil for an ordinary row.
    func sectionTitle(row: [Int], texts: [String], columns: Columns) -> String? {
        // Data rows usually fill several source cells: leave at the second.
        var firstFilled: Int?
        var singleOrigin = true
        for column in row.indices where !texts[column].isEmpty {
            if let first = firstFilled {
                if row[column] != row[first] {
                    singleOrigin = false
                    break
                }
            } else {
                firstFilled = column
            }
        }
        if singleOrigin, let column = firstFilled {
            let spanned = row.filter { $0 == row[column] }.count
            let candidate = texts[column]
            if ComparableText.fold(candidate) == title { return nil }
            if spanned >= 2 || (column != columns.progress && SectionHeading.looksLikeSection(candidate)) {
                return candidate
            }
            return nil
        }
        // `一 | 主要预期指标 | (empty)`: a Chinese ordinal in the number column.
        guard columns.progress.map({ texts[$0].isEmpty }) ?? true, columns.unit.map({ texts[$0].isEmpty }) ?? true,
            let numberColumn = columns.number, SectionHeading.isChineseOrdinal(texts[numberColumn])
        else { return nil }
        let number = texts[numberColumn]
        let separator = number.hasSuffix("、") ? "" : "、"
        return number + separator + texts[columns.task]
    }

    /// The 序号 without its dot, and (rules 2) without the star of `1*`.
    func normalizedNumber(_ text: String) -> (number: String?, star: Bool) {
        var number = text
        var star = false
        while let last = number.last {
            if last == "." || last == "、" || last == "．" {
                number.removeLast()
            } else if rules.readsAssignmentsAndLists, last == "*" || last == "＊", number.count > 1 {
                number.removeLast()
                star = true
            } else {
                break
            }
        }
        return (number.isEmpty ? nil : number, star)
    }

}
