import Foundation

/// A mail as it goes over the wire (RFC 5322 with MIME): plain text and HTML alternatives, both UTF-8 in
/// base64, the subject encoded (RFC 2047) when it is not ASCII. Plain Swift, tested on its own.
struct MailMessage: Sendable {
    var from: String
    var fromName: String
    var to: String
    var subject: String
    var text: String
    var html: String
    /// Unique per outbox row, so a mail sent twice can be recognised as the same one.
    var messageID: String
    var date: Date

    func rendered() -> String {
        let boundary = "haven-" + messageID.filter { $0.isLetter || $0.isNumber }
        let headers = [
            "From: \(Self.encodedWord(fromName)) <\(from)>",
            "To: <\(to)>",
            "Subject: \(Self.encodedWord(subject))",
            "Date: \(Self.rfc5322Date(date))",
            "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0",
            "Auto-Submitted: auto-generated",
            "Content-Type: multipart/alternative; boundary=\"\(boundary)\"",
        ]
        let parts = [("text/plain", text), ("text/html", html)].map { type, body in
            "--\(boundary)\r\nContent-Type: \(type); charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Self.base64Lines(body)
        }
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + parts.joined(separator: "\r\n")
            + "\r\n--\(boundary)--\r\n"
    }

    /// ASCII text as is; anything else as `=?UTF-8?B?…?=`.
    static func encodedWord(_ text: String) -> String {
        let safe = text.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 32 && $0 != "=" && $0 != "?" }
        guard !safe else { return text }
        return "=?UTF-8?B?\(Data(text.utf8).base64EncodedString())?="
    }

    /// Base64 in lines of 76 characters, as MIME requires.
    static func base64Lines(_ text: String) -> String {
        let encoded = Data(text.utf8).base64EncodedString()
        var lines: [Substring] = []
        var start = encoded.startIndex
        while start < encoded.endIndex {
            let end = encoded.index(start, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            lines.append(encoded[start..<end])
            start = end
        }
        return lines.joined(separator: "\r\n")
    }

    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }

    /// A bare address with no spaces, angle brackets or line breaks: safe in an SMTP envelope and a header.
    static func isSafeAddress(_ address: String) -> Bool {
        let forbidden = CharacterSet(charactersIn: "<>\r\n ,;\"()\\")
        return address.rangeOfCharacter(from: forbidden) == nil && address.split(separator: "@").count == 2
    }
}
