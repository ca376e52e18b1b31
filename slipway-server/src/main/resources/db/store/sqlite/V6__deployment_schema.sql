-- Database migrations tied to deployments: what a deployment's migrate step did to its app's schema
-- (the version before, the scripts applied and deferred, the backup taken), which its rollback uses.
ALTER TABLE deployments ADD COLUMN schema_json TEXT;
