DROP TABLE account_imports;
DROP TABLE mutes;
DROP TABLE bookmarks;
DROP TABLE account_exports;
