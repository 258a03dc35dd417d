/**
 * The PostgreSQL key-registry storage ({@link fr.coffre.registry.postgresql.PostgresRegistry}): registry entries as
 * rows, compare-and-swap on every row's generation, tombstones no statement can revert, the schema created and
 * migrated by the library, connections pooled (HikariCP). Only the builder's package is exported.
 */
module fr.coffre.registry.postgresql {
    requires transitive fr.coffre.core;
    requires java.sql;
    requires com.zaxxer.hikari;
    requires org.postgresql.jdbc;

    exports fr.coffre.registry.postgresql;
}
