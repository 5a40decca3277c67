import Fluent
import SQLKit

/// Haven's own search index over the HSDS tables, rebuilt for a service whenever it changes
/// (`DirectoryIndexer`): one listing row per service with the text to search, plus its points on the map,
/// its filter tags, its weekly opening hours and closures in each schedule's time zone, the words the
/// spelling suggestions choose from, and the `places` an operator imports.
///
/// Full-text search is the one part Fluent cannot express, so this migration speaks each dialect:
/// SQLite gets an FTS5 table kept in step by triggers, PostgreSQL a generated `tsvector` with a GIN index.
struct CreateDirectorySearch: AsyncMigration {
    func prepare(on database: Database) async throws {
        let sql = database as! any SQLDatabase
        let postgres = sql.dialect.name == "postgresql"
        let uuid = postgres ? "UUID" : "TEXT"
        let real = postgres ? "DOUBLE PRECISION" : "REAL"
        let bool = postgres ? "BOOLEAN" : "INTEGER"
        let serial = postgres ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY"
        let vector =
            postgres
            ? """
            , search_vector tsvector GENERATED ALWAYS AS (
                setweight(to_tsvector('simple', search_name), 'A') || setweight(to_tsvector('simple', keywords), 'B')
                || setweight(to_tsvector('simple', description), 'C')) STORED
            """ : ""
        let statements = [
            """
            CREATE TABLE directory_listings (
                number \(serial),
                service_id \(uuid) NOT NULL UNIQUE,
                organization_id \(uuid),
                name TEXT NOT NULL,
                organization_name TEXT NOT NULL,
                summary TEXT NOT NULL,
                status TEXT NOT NULL,
                assured_date TEXT,
                minimum_age \(real),
                maximum_age \(real),
                is_free \(bool) NOT NULL,
                is_crisis_line \(bool) NOT NULL,
                search_name TEXT NOT NULL,
                keywords TEXT NOT NULL,
                description TEXT NOT NULL\(vector))
            """,
            "CREATE INDEX directory_listings_name_idx ON directory_listings (name)",
            "CREATE TABLE directory_points (service_id \(uuid) NOT NULL, location_id \(uuid) NOT NULL, latitude \(real) NOT NULL, longitude \(real) NOT NULL)",
            "CREATE INDEX directory_points_position_idx ON directory_points (latitude, longitude)",
            "CREATE INDEX directory_points_service_idx ON directory_points (service_id)",
            "CREATE TABLE directory_tags (tag TEXT NOT NULL, service_id \(uuid) NOT NULL, PRIMARY KEY (tag, service_id))",
            "CREATE INDEX directory_tags_service_idx ON directory_tags (service_id)",
            """
            CREATE TABLE directory_hours (service_id \(uuid) NOT NULL, timezone TEXT NOT NULL, weekday INTEGER NOT NULL,
                opens INTEGER NOT NULL, closes INTEGER NOT NULL, valid_from TEXT, valid_to TEXT)
            """,
            "CREATE INDEX directory_hours_time_idx ON directory_hours (timezone, weekday, opens)",
            "CREATE INDEX directory_hours_service_idx ON directory_hours (service_id)",
            "CREATE TABLE directory_closures (service_id \(uuid) NOT NULL, timezone TEXT NOT NULL, date TEXT NOT NULL)",
            "CREATE INDEX directory_closures_date_idx ON directory_closures (date, service_id)",
            "CREATE INDEX directory_closures_service_idx ON directory_closures (service_id)",
            "CREATE TABLE directory_words (word TEXT PRIMARY KEY, length INTEGER NOT NULL)",
            "CREATE INDEX directory_words_length_idx ON directory_words (length)",
            """
            CREATE TABLE places (country_code TEXT NOT NULL, postal_code TEXT NOT NULL, place_name TEXT NOT NULL,
                admin_name1 TEXT, admin_code1 TEXT, name_key TEXT NOT NULL, latitude \(real) NOT NULL, longitude \(real) NOT NULL,
                PRIMARY KEY (country_code, postal_code, place_name))
            """,
            "CREATE INDEX places_name_idx ON places (name_key)",
            "CREATE INDEX places_postal_code_idx ON places (postal_code)",
        ]
        let search =
            postgres
            ? ["CREATE INDEX directory_listings_search_idx ON directory_listings USING GIN (search_vector)"]
            : [
                """
                CREATE VIRTUAL TABLE directory_fts USING fts5(search_name, keywords, description, content='directory_listings',
                    content_rowid='number', tokenize='unicode61 remove_diacritics 2', prefix='2 3')
                """,
                """
                CREATE TRIGGER directory_listings_added AFTER INSERT ON directory_listings BEGIN
                    INSERT INTO directory_fts (rowid, search_name, keywords, description) VALUES (new.number, new.search_name, new.keywords, new.description);
                END
                """,
                """
                CREATE TRIGGER directory_listings_removed AFTER DELETE ON directory_listings BEGIN
                    INSERT INTO directory_fts (directory_fts, rowid, search_name, keywords, description)
                    VALUES ('delete', old.number, old.search_name, old.keywords, old.description);
                END
                """,
                """
                CREATE TRIGGER directory_listings_changed AFTER UPDATE ON directory_listings BEGIN
                    INSERT INTO directory_fts (directory_fts, rowid, search_name, keywords, description)
                    VALUES ('delete', old.number, old.search_name, old.keywords, old.description);
                    INSERT INTO directory_fts (rowid, search_name, keywords, description) VALUES (new.number, new.search_name, new.keywords, new.description);
                END
                """,
            ]
        for statement in statements + search {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    func revert(on database: Database) async throws {
        let sql = database as! any SQLDatabase
        if sql.dialect.name != "postgresql" {
            try await sql.raw("DROP TABLE IF EXISTS directory_fts").run()
        }
        for table in [
            "places", "directory_words", "directory_closures", "directory_hours", "directory_tags", "directory_points",
            "directory_listings",
        ] {
            try await sql.drop(table: table).ifExists().run()
        }
    }
}
