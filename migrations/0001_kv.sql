-- toban's records: every tree of the store (see src/store/kv.rs), one row per key, kept
-- apart by association. Keys and values are the bytes sled keeps (values are JSON).
CREATE TABLE kv (
    association text NOT NULL,
    tree text NOT NULL,
    key bytea NOT NULL,
    value bytea NOT NULL,
    PRIMARY KEY (association, tree, key)
);
