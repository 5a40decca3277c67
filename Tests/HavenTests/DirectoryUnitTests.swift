import Foundation
import Testing

@testable import Haven

/// The directory's plain-Swift parts, without a server: schedules, words, CSV, formats, ids.
@Suite("Directory building blocks")
struct DirectoryUnitTests {
    static let chicago = TimeZone(identifier: "America/Chicago")!

    static func at(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    static func weekly(_ days: String, _ opens: String, _ closes: String, zone: String = "America/Chicago") -> HSDSRow {
        [
            "freq": .text("WEEKLY"), "byday": .text(days), "opens_at": .text(opens), "closes_at": .text(closes),
            "timezone_name": .text(zone),
        ]
    }

    @Test func hoursPastMidnightCarryIntoTheNextDay() {
        let hours = OpeningHours(schedules: [Self.weekly("FR", "22:00", "02:00")], defaultTimeZone: .gmt)
        #expect(hours.weekly.map { [$0.weekday, $0.opens, $0.closes] } == [[5, 1320, 1440], [6, 0, 120]])
        #expect(hours.isOpen(at: Self.at("2026-11-28T07:30:00Z")))  // Saturday 01:30 in Chicago
        #expect(!hours.isOpen(at: Self.at("2026-11-28T08:30:00Z")))  // Saturday 02:30
        #expect(!hours.isOpen(at: Self.at("2026-11-28T03:30:00Z")))  // Friday 21:30
        // The next opening after Saturday 02:30 is Friday 22:00, not the Saturday-midnight continuation.
        let next = hours.nextOpening(after: Self.at("2026-11-28T08:30:00Z"))
        #expect(next == Self.at("2026-12-05T04:00:00Z"))
    }

    @Test func allDayEveryDayIsAlwaysOpenAndAHolidayClosesIt() {
        let always = OpeningHours(
            schedules: [Self.weekly("MO,TU,WE,TH,FR,SA,SU", "00:00", "00:00")], defaultTimeZone: .gmt)
        #expect(always.isAlwaysOpen)
        #expect(always.isOpen(at: Self.at("2026-12-25T12:00:00Z")))
        let closedOnChristmas = OpeningHours(
            schedules: [
                Self.weekly("MO,TU,WE,TH,FR", "09:00", "17:00"),
                [
                    "valid_from": .text("2026-12-25"), "valid_to": .text("2026-12-25"),
                    "timezone_name": .text("America/Chicago"),
                ],
            ],
            defaultTimeZone: .gmt)
        #expect(!closedOnChristmas.isOpen(at: Self.at("2026-12-25T16:00:00Z")))  // Friday 10:00, a holiday
        #expect(closedOnChristmas.isOpen(at: Self.at("2026-12-24T16:00:00Z")))  // Thursday 10:00
        let shortDay = OpeningHours(
            schedules: [
                Self.weekly("MO,TU,WE,TH,FR", "09:00", "17:00"),
                [
                    "valid_from": .text("2026-12-24"), "valid_to": .text("2026-12-24"), "opens_at": .text("09:00"),
                    "closes_at": .text("12:00"), "timezone_name": .text("America/Chicago"),
                ],
            ],
            defaultTimeZone: .gmt)
        #expect(shortDay.isOpen(at: Self.at("2026-12-24T16:00:00Z")))  // 10:00
        #expect(!shortDay.isOpen(at: Self.at("2026-12-24T20:00:00Z")))  // 14:00, after the early close
    }

    @Test func theZoneComesFromTheNameThenTheOffsetThenTheDeployment() {
        #expect(
            OpeningHours(schedules: [Self.weekly("MO", "09:00", "17:00", zone: "Europe/London")], defaultTimeZone: .gmt)
                .timeZone.identifier == "Europe/London")
        let offset: HSDSRow = [
            "byday": .text("MO"), "opens_at": .text("09:00"), "closes_at": .text("17:00"), "timezone": .number(-5),
        ]
        #expect(OpeningHours(schedules: [offset], defaultTimeZone: .gmt).timeZone.secondsFromGMT() == -5 * 3600)
        let none: HSDSRow = ["byday": .text("MO"), "opens_at": .text("09:00"), "closes_at": .text("17:00")]
        #expect(OpeningHours(schedules: [none], defaultTimeZone: Self.chicago).timeZone == Self.chicago)
    }

    @Test func wordsAreLowerCasedAccentFoldedAndSplit() {
        #expect(
            SearchText.words("Grupo de Apoyo — ESPAÑOL, self-harm!") == [
                "grupo", "de", "apoyo", "espanol", "self", "harm",
            ])
        #expect(SearchText.words("Ñandú café") == ["nandu", "cafe"])
        #expect(SearchText.queryWords("a support group for me") == ["support", "group"])
        #expect(SearchText.distance("anxeity", "anxiety", limit: 2) == 1)
        #expect(SearchText.distance("counceling", "counseling", limit: 2) == 1)
        #expect(SearchText.closest(to: "anxeity", among: ["anxiety", "ancient", "angry"]) == "anxiety")
        #expect(SearchText.closest(to: "zzzz", among: ["anxiety"]) == nil)
    }

    @Test func csvFollowsRFC4180() throws {
        let text = "\u{FEFF}id,name,notes\r\n1,\"Smith, Jo\",\"said \"\"hi\"\"\r\nand left\"\r\n2,Plain,\n"
        let records = try CSV.parse(text)
        #expect(
            records.map(\.fields) == [
                ["id", "name", "notes"], ["1", "Smith, Jo", "said \"hi\"\r\nand left"], ["2", "Plain", ""],
            ])
        #expect(records.map(\.line) == [1, 2, 4])
        #expect(throws: CSV.ParseError(line: 2, problem: "a quoted field is never closed")) {
            try CSV.parse("a\n\"open")
        }
        #expect(throws: CSV.ParseError.self) { try CSV.parse("a\nx\"y") }
        #expect(CSV.line(["a", "b,c", "d\"e", " f"]) == "a,\"b,c\",\"d\"\"e\",\" f\"\r\n")
        // What CSV.line writes, CSV.parse reads back.
        let awkward = ["", "x", "1,2", "\"quoted\"", "line\nbreak", "trailing "]
        #expect(try CSV.parse(CSV.line(awkward)).first?.fields == awkward)
    }

    @Test func formatsAreCheckedAsHSDSDescribesThem() {
        for good in [
            "2024-03-15T10:30:45Z", "2023-03-15T10:30:45.123Z", "2024-09-25T14:23:06.5+01:00",
            "2024-02-29T00:00:00-05:00",
        ] {
            #expect(HSDSFormats.isDateTime(good), "\(good)")
        }
        for bad in [
            "2024-03-15", "2024-13-15T10:30:45Z", "2024-03-15T25:00:00Z", "2024-03-15T10:30:45", "yesterday",
            "2023-02-29T00:00:00Z",
        ] {
            #expect(!HSDSFormats.isDateTime(bad), "\(bad)")
        }
        #expect(
            HSDSFormats.isDate("2024-02-29") && !HSDSFormats.isDate("2023-02-29") && !HSDSFormats.isDate("2024-2-9"))
        #expect(
            HSDSFormats.minutes("18:30") == 1110 && HSDSFormats.minutes("10:00:00") == 600
                && HSDSFormats.minutes("24:00") == 1440)
        #expect(HSDSFormats.minutes("25:00") == nil && HSDSFormats.minutes("9:00") == nil)
        #expect(HSDSTable.Kind.number.parse(" 12 ") == .success(.number(12)))
        #expect(HSDSTable.Kind.uuid.parse("nope") == .failure(HSDSFieldProblem("is not a UUID")))
        #expect(DirectoryLinks.web("javascript:alert(1)") == nil && DirectoryLinks.web("https://example.org/x") != nil)
        #expect(
            DirectoryLinks.dialable("\"+44 1234 234567\"") == "+441234234567"
                && DirectoryLinks.dialable("call us") == nil)
    }

    @Test func uuidTextRoundTripsAndRejectsWhatIsNotAUUID() {
        for _ in 0..<200 {
            let id = UUID()
            #expect(UUIDText.string(id) == id.uuidString.lowercased())
            #expect(UUIDText.string(id, uppercase: true) == id.uuidString)
            #expect(UUIDText.parse(id.uuidString) == id && UUIDText.parse(id.uuidString.lowercased()) == id)
        }
        for bad in [
            "", "not-a-uuid", "3fa85f64-5717-4562-b3fc-2c963f66afa", "3fa85f64x5717-4562-b3fc-2c963f66afa6",
            "3fa85f64-5717-4562-b3fc-2c963f66afg6",
        ] {
            #expect(UUIDText.parse(bad) == nil, "\(bad)")
        }
    }
}
