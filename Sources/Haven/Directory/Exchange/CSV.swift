import Foundation

/// RFC 4180 CSV, as HSDS tabular data packages use it: comma-separated, fields with a comma, quote or line
/// break in double quotes, quotes doubled, CRLF or LF line ends, an optional UTF-8 byte-order mark.
enum CSV {
    struct Record: Sendable, Equatable {
        /// The physical line the record starts on (the header is line 1), for error messages.
        var line: Int
        var fields: [String]
    }

    struct ParseError: Error, Equatable, CustomStringConvertible {
        var line: Int
        var problem: String
        var description: String { "line \(line): \(problem)" }
    }

    static func parse(_ text: String) throws -> [Record] {
        // Bytes, not characters: every delimiter is ASCII, and UTF-8 never uses ASCII bytes inside a
        // multi-byte character, so splitting bytes is exact and several times faster.
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var afterQuote = false
        var line = 1
        var recordLine = 1
        var index = 0
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Record(line: recordLine, fields: fields)) }
            fields = []
        }
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if inQuotes {
                if byte == quote {
                    if index < bytes.count && bytes[index] == quote {
                        field.append(quote)
                        index += 1
                    } else {
                        inQuotes = false
                        afterQuote = true
                    }
                } else {
                    if byte == lf { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case comma:
                endField()
                afterQuote = false
            case cr, lf:
                if byte == cr && index < bytes.count && bytes[index] == lf { index += 1 }
                endRecord()
                line += 1
                recordLine = line
                afterQuote = false
            case quote:
                guard field.isEmpty, !afterQuote else {
                    throw ParseError(
                        line: line,
                        problem: "a quote inside an unquoted field (quote the whole field and double the quote)")
                }
                inQuotes = true
            default:
                if afterQuote {
                    throw ParseError(
                        line: line, problem: "text after a closing quote (a field's quotes must surround all of it)")
                }
                field.append(byte)
            }
        }
        if inQuotes { throw ParseError(line: recordLine, problem: "a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }

    /// One field, quoted only when it has to be.
    static func escape(_ field: String) -> String {
        guard
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || field.hasPrefix(" ")
                || field.hasSuffix(" ")
        else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func line(_ fields: [String]) -> String {
        fields.map(escape).joined(separator: ",") + "\r\n"
    }
}
