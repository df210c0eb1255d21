//! The store conformance suite's harness: every test written once against
//! `&dyn Store`, run on SQLite (a file in a temporary folder) and on
//! PostgreSQL (a schema of its own; skipped with a notice when no server
//! answers, unless KHULASA_REQUIRE_PG=1).

/// Runs each named `fn(&dyn Store)` as two tests, `sqlite::NAME` and
/// `postgres::NAME`.
#[macro_export]
macro_rules! each_store {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[test]
                fn $name() {
                    let d = tempfile::tempdir().unwrap();
                    let s = khulasa_store::SqliteStore::open(d.path().join("k.db")).unwrap();
                    super::$name(&s);
                }
            )*
        }
        mod postgres {
            $(
                #[test]
                fn $name() {
                    let Some(db) = khulasa_store::pg::scratch::Scratch::create(stringify!($name)) else {
                        return;
                    };
                    let s = khulasa_store::PgStore::open(&db.url()).unwrap();
                    super::$name(&s);
                    drop(s);
                }
            )*
        }
    };
}
