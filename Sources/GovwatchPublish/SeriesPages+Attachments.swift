import GovwatchCore

extension SeriesPages {
    /// Each attached file the report was read from: a link to the official
    /// file, its size, and which rows of the table came from it (or why
    /// none did), in Chinese.
    static func attachmentLines(_ files: [AttachedFile]) -> [[String: Any]] {
        var first = 1
        return files.map { file in
            let read: String
            if !file.wasFetched {
                return ["name": file.name, "url": file.url, "read": "未读取（任务已从页面上的表格读出）"]
            } else if let problem = file.problem {
                read = "未读出任务：" + ReviewerWords.reason(problem)
            } else if file.entries == 0 {
                read = "其中没有任务表格"
            } else {
                read = "表中第\(first)至\(first + file.entries - 1)行（\(file.entries)项任务）读自此文件"
            }
            first += file.entries
            let size = ReviewerWords.fileSize(file.bytes)
            let described = ReviewerWords.fileType(file.type).map { "\($0)，\(size)" } ?? size
            return ["name": file.name, "url": file.url, "size": described, "read": read]
        }
    }
}
