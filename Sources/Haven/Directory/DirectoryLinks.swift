import Foundation

/// Links built from directory data, which may come from anyone's import: only web addresses become web
/// links (never `javascript:`), and phone numbers become `tel:`/`sms:` links of digits only.
enum DirectoryLinks {
    static func web(_ url: String?) -> String? {
        guard let url, let parsed = URL(string: url.trimmingCharacters(in: .whitespaces)),
            let scheme = parsed.scheme?.lowercased(), ["http", "https"].contains(scheme), parsed.host != nil
        else { return nil }
        return parsed.absoluteString
    }

    /// `+17155550101` from "+1 715 555 0101" (and from the HSDS example's quoted `"+44 1234 234567"`).
    static func dialable(_ number: String) -> String? {
        var digits = ""
        for character in number {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else if character == "+" && digits.isEmpty {
                digits.append(character)
            }
        }
        let count = digits.filter(\.isNumber).count
        return (3...15).contains(count) ? digits : nil
    }

    static func mail(_ address: String?) -> String? {
        guard let address, HSDSFormats.isEmail(address) else { return nil }
        return "mailto:" + address
    }
}
