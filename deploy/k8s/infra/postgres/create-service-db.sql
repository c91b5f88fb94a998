-- One database + one owner role for one service, idempotent (safe to run at every start).
--
--   psql -v ON_ERROR_STOP=1 -v svc=order -f infra/postgres/create-service-db.sql
--
-- Run as a superuser connected to any database (e.g. "postgres"). For service
-- <svc> it ensures:
--   role     <svc>_svc   LOGIN, password <svc>_svc (LOCAL DEMO DEFAULT, override
--                        with -v password=...), no SUPERUSER/CREATEDB/CREATEROLE
--   database <svc>_db    owned by <svc>_svc; CONNECT/TEMPORARY revoked from PUBLIC
--                        and granted to <svc>_svc only, so another service's role
--                        gets: FATAL: permission denied for database "<svc>_db"
--   schema   public      in <svc>_db owned by <svc>_svc, all privileges revoked from PUBLIC
--
-- Used by scripts/infra/start.sh (local processes) and by
-- infra/postgres/init-service-dbs.sh (e.g. /docker-entrypoint-initdb.d).

\set ON_ERROR_STOP on

-- Without svc this file does nothing, on purpose: a Docker postgres image runs
-- every *.sql in /docker-entrypoint-initdb.d by itself, without variables; there
-- init-service-dbs.sh is what runs this file once per service.
\if :{?svc}
\else
  \warn 'create-service-db.sql: no svc variable, nothing to do (usage: psql -v svc=<service> -f create-service-db.sql)'
  \quit
\endif

-- names derived from the service; validated so they are plain identifiers
SELECT :'svc' ~ '^[a-z][a-z0-9_]*$' AS svc_ok \gset
\if :svc_ok
\else
  \warn 'svc must match ^[a-z][a-z0-9_]*$'
  SELECT 1/0 AS invalid_svc_name;
\endif

\set db :svc '_db'
\set role :svc '_svc'
\if :{?password}
\else
  -- LOCAL DEMO DEFAULT: the password equals the role name. Never reuse outside a dev/test box.
  \set password :role
\endif

-- ---- role -------------------------------------------------------------------
SELECT format('CREATE ROLE %I LOGIN', :'role')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec

SELECT format('ALTER ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT PASSWORD %L',
              :'role', :'password') \gexec

-- ---- database -----------------------------------------------------------------
SELECT format('CREATE DATABASE %I OWNER %I ENCODING %L TEMPLATE template0', :'db', :'role', 'UTF8')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec

SELECT format('ALTER DATABASE %I OWNER TO %I', :'db', :'role') \gexec
-- nobody but the owner role (and superusers) may connect
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'db') \gexec
SELECT format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', :'db', :'role') \gexec

-- ---- schema public inside the service database ------------------------------------
\connect :"db"
SELECT format('ALTER SCHEMA public OWNER TO %I', :'role') \gexec
REVOKE ALL ON SCHEMA public FROM PUBLIC;
SELECT format('GRANT ALL ON SCHEMA public TO %I', :'role') \gexec

\echo ensured database :db owned by :role
