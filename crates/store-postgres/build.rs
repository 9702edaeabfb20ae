// `sqlx::migrate!` embeds the migrations when this crate compiles: a new or changed
// migration file has to rebuild it.
fn main() {
    println!("cargo:rerun-if-changed=../../migrations/postgres");
}
