-- Vigie store, version 13: the fiscal calendar (engine/src/fiscal).
--
-- What a client is, for the calendar (fiscal/profile.rs). NULL is "nobody said": the
-- obligations that depend on it are not generated, and the client page says so.
ALTER TABLE clients ADD COLUMN taxation TEXT
    CHECK (taxation IS NULL OR taxation IN ('is', 'ir_bic', 'ir_bnc'));
ALTER TABLE clients ADD COLUMN first_closing TEXT;          -- 'YYYY-MM-DD'
ALTER TABLE clients ADD COLUMN tax_department TEXT;         -- '75', '2A', '971'
ALTER TABLE clients ADD COLUMN payroll TEXT
    CHECK (payroll IS NULL OR payroll IN ('sans_salarie', 'moins_de_50', '50_et_plus_paie_du_mois', '50_et_plus_paie_decalee'));
ALTER TABLE clients ADD COLUMN cfe_over_3000 INTEGER CHECK (cfe_over_3000 IS NULL OR cfe_over_3000 IN (0, 1));
ALTER TABLE clients ADD COLUMN is_over_3000 INTEGER CHECK (is_over_3000 IS NULL OR is_over_3000 IN (0, 1));
ALTER TABLE clients ADD COLUMN cvae_filer INTEGER CHECK (cvae_filer IS NULL OR cvae_filer IN (0, 1));

-- A deadline's period (`2027-02`, `2027-T1`, `2027`, `EX-2027`, `EX-2027-2`): with the client
-- and the kind, it names the obligation, so that generating again, or importing the same
-- obligation, finds the row instead of adding one. `generated` is 1 while the row is the
-- calendar's own (it may recompute it); an import or a form that names the same obligation
-- makes it the firm's. `legal_date` is the date the text sets when a tolerance moves the due
-- date (the liasse's 15 days); `rule` and `source` say which rule made it and on what basis.
ALTER TABLE deadlines ADD COLUMN period TEXT;
ALTER TABLE deadlines ADD COLUMN generated INTEGER NOT NULL DEFAULT 0 CHECK (generated = 0 OR generated = 1);
ALTER TABLE deadlines ADD COLUMN legal_date TEXT;
ALTER TABLE deadlines ADD COLUMN rule TEXT;
ALTER TABLE deadlines ADD COLUMN source TEXT;
CREATE UNIQUE INDEX deadlines_by_period ON deadlines (cabinet_id, client_id, kind, period) WHERE period IS NOT NULL;

-- A date a person set for one of a client's obligations (the date the tax administration
-- shows for that client), which generation uses instead of the rule's.
CREATE TABLE calendar_overrides (
    id          INTEGER PRIMARY KEY,
    cabinet_id  INTEGER NOT NULL REFERENCES cabinets(id) ON DELETE CASCADE,
    client_id   INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    period      TEXT NOT NULL,
    due_date    TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    UNIQUE (cabinet_id, client_id, kind, period)
);

-- Kinds of obligation a person turned off for a client: none of that kind is generated.
CREATE TABLE calendar_off (
    cabinet_id  INTEGER NOT NULL REFERENCES cabinets(id) ON DELETE CASCADE,
    client_id   INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (cabinet_id, client_id, kind)
);

-- The month the calendar last rolled forward for each cabinet (the status update's first run
-- of a month generates the next 15 months; a computer off on the 1st catches up later).
CREATE TABLE calendar_months (
    cabinet_id  INTEGER PRIMARY KEY REFERENCES cabinets(id) ON DELETE CASCADE,
    month       TEXT NOT NULL       -- 'YYYY-MM'
);
