-- What a deployment's migrate step did to its app's schema (as ../sqlite/V6__deployment_schema.sql).

ALTER TABLE deployments ADD COLUMN schema_json TEXT;
