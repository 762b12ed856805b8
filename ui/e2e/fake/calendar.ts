// The fake shell's fiscal calendar: each client's fiscal facts (checked field by field as the
// engine's form does, and kept through its form), a small rule set (VAT CA3 monthly or
// quarterly, CA12, IS instalments and balance, liasse with its tolerance, CFE, DSN), a client's
// year with what it lacks, a date of the client's own, kinds turned off, the generation of the
// next 15 months into the fake firm's deadlines, a deadline's period, and the iCalendar export.
// Nexa Conseil (id 7) knows everything; its December IS instalment was imported before the
// calendar existed and is adopted as the obligation.

import type {
  ClientCalendar_Serialize as ClientCalendar,
  ClientObligation_Serialize as ClientObligation,
  Deadline_Serialize as Deadline,
  FiscalFacts_Serialize as FiscalFacts,
  Generation_Serialize as Generation,
} from '../../src/lib/bindings';
import type { FakeFirm } from './firm';

const NBSP = '\u00a0';
const q = (t: string) => `«${NBSP}${t}${NBSP}»`;
const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

export const NO_FACTS: FiscalFacts = {
  taxation: null,
  first_closing: null,
  tax_department: null,
  payroll: null,
  cfe_over_3000: null,
  is_over_3000: null,
  cvae_filer: null,
};

type Obligation = Pick<Deadline, 'period' | 'generated' | 'legal_date' | 'source'>;
const NOT_GENERATED: Obligation = { period: null, generated: false, legal_date: null, source: null };

type Problem = { field: string; reason: string; french: string };
type Planned = Omit<ClientObligation, 'off' | 'override_date' | 'deadline'>;
type Missing = { kind: string; attribute: string; why: string };

const TAXATION: Record<string, FiscalFacts['taxation']> = { is: 'is', ir_bic: 'ir_bic', ir: 'ir_bic', bic: 'ir_bic', ir_bnc: 'ir_bnc', bnc: 'ir_bnc' };
const PAYROLL: Record<string, FiscalFacts['payroll']> = {
  sans_salarie: 'sans_salarie',
  moins_de_50: 'moins_de_50',
  '50_et_plus_paie_du_mois': '50_et_plus_paie_du_mois',
  '50_et_plus_paie_decalee': '50_et_plus_paie_decalee',
};
const KINDS = ['tva_ca3', 'tva_ca12', 'tva_ca12_acompte', 'is_acompte', 'is_solde', 'liasse', 'cfe_acompte', 'cfe', 'cvae', 'das2', 'dsn'];
const FIELDS_FRENCH: Record<string, string> = {
  taxation: 'imposition',
  first_closing: 'première clôture',
  tax_department: 'département du service des impôts',
  payroll: 'salariés',
  period: 'période',
  kind: 'type d’échéance',
  due_date: 'date limite',
};

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `YYYY-MM-DD` or `DD/MM/YYYY` to `YYYY-MM-DD`, if it is a calendar date. */
function parseDate(t: string): string | null {
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  let y: number, mo: number, d: number;
  if (m) [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else {
    m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
    if (!m) return null;
    [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  }
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** A period as the engine takes it: `2027-02`, `2027-T1`, `2027`, `EX-2027`, `EX-2027-2`. */
export function validPeriod(t: string): boolean {
  return /^(\d{4}(-(0[1-9]|1[0-2])|-T[1-4])?|EX-\d{4}(-[1-4])?)$/.test(t);
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim().replace(/[ '’.,-]+/g, '_');
}

function invalid(problems: Problem[]): never {
  const list = problems.map((p) => `${FIELDS_FRENCH[p.field] ?? p.field} : ${p.french}`).join(' ; ');
  const n = problems.length;
  const message = n === 1 ? `Rien n’a été enregistré, un champ est à corriger : ${list}.` : `Rien n’a été enregistré, ${n} champs sont à corriger : ${list}.`;
  throw { code: 'invalid_fields', message, details: { fields: problems } };
}

function problemsOf(error: unknown): Problem[] | null {
  const e = error as { code?: string; details?: { fields?: Problem[] } };
  return e && e.code === 'invalid_fields' ? (e.details?.fields ?? []) : null;
}

export class FakeCalendar {
  /** Each client's facts, by client id (none: nothing known). */
  facts = new Map<number, FiscalFacts>();
  /** The calendar's part of a deadline, by deadline id. */
  obligations = new Map<number, Obligation>();
  /** A client's own dates: `client:kind:period` → date. */
  overrides = new Map<string, string>();
  /** The kinds turned off, by client. */
  off = new Map<number, Set<string>>();
  /** The iCalendar files written. */
  written = new Set<string>();
  folder = '/home/claire/Téléchargements';

  constructor(
    private firm: FakeFirm,
    private today: string,
  ) {
    firm.fiscalOf = (id) => this.facts.get(id) ?? NO_FACTS;
    firm.obligationOf = (id) => this.obligations.get(id) ?? NOT_GENERATED;
    this.facts.set(7, { taxation: 'is', first_closing: null, tax_department: '75', payroll: 'moins_de_50', cfe_over_3000: true, is_over_3000: true, cvae_filer: false });
    const year = Number(today.slice(0, 4));
    const adopted = this.firm.deadlines.find((d) => d.client_id === 7 && d.kind === 'is_acompte' && d.due_date === `${year}-12-15`);
    const planned = this.plan(7, year).obligations.find((o) => o.kind === 'is_acompte' && o.rule_date === `${year}-12-15`);
    if (adopted && planned) this.obligations.set(adopted.id, { period: planned.period, generated: true, legal_date: planned.legal_date, source: planned.source });
  }

  // ---- the rules ----

  /** A client's obligations falling due in `year`, and what it lacks for others. */
  plan(clientId: number, year: number): { obligations: Planned[]; missing: Missing[] } {
    const c = this.firm.client(clientId);
    const f = this.facts.get(clientId) ?? NO_FACTS;
    const out: Planned[] = [];
    const missing: Missing[] = [];
    const add = (kind: string, period: string, label: string, date: string, rule: string, source: string, legal = date) =>
      out.push({ kind: kind as Planned['kind'], period, label, rule_date: date, legal_date: legal, rule, source });
    const vatSource = 'CGI art. 287 ; CGI ann. IV art. 39 ; BOI-TVA-DECLA-20-20-10-10';
    if (c.vat_regime === 'mensuel') {
      for (let m = 1; m <= 12; m++) {
        const [py, pm] = m === 1 ? [year - 1, 12] : [year, m - 1];
        add('tva_ca3', `${py}-${pad(pm)}`, `TVA CA3 — ${MONTHS[pm - 1]} ${py}`, `${year}-${pad(m)}-20`, 'tva_ca3_mensuelle', vatSource);
      }
    } else if (c.vat_regime === 'trimestriel') {
      for (const [m, py, t] of [[1, year - 1, 4], [4, year, 1], [7, year, 2], [10, year, 3]]) {
        add('tva_ca3', `${py}-T${t}`, `TVA CA3 — ${t === 1 ? '1er' : `${t}e`} trimestre ${py}`, `${year}-${pad(m)}-20`, 'tva_ca3_trimestrielle', vatSource);
      }
    } else if (c.vat_regime === 'annuel') {
      add('tva_ca12', `${year - 1}`, `TVA CA12 — ${year - 1}`, `${year}-05-05`, 'tva_ca12', 'CGI art. 287, 3 ; CGI ann. II art. 242 sexies');
    } else if (!c.vat_regime) {
      missing.push({ kind: 'tva_ca3', attribute: 'vat_regime', why: 'sans régime de TVA, aucune déclaration de TVA n’est générée' });
    }
    if (f.taxation === 'is') {
      if (f.is_over_3000 === true) {
        [3, 6, 9, 12].forEach((m, i) =>
          add('is_acompte', `EX-${year}-${i + 1}`, `IS acompte n°${NBSP}${i + 1} — exercice ${year}`, `${year}-${pad(m)}-15`, 'is_acompte', 'CGI art. 1668 ; CGI ann. III art. 359 et 360 ; BOI-IS-DECLA-20-10'),
        );
      } else if (f.is_over_3000 === null) {
        missing.push({ kind: 'is_acompte', attribute: 'is_over_3000', why: 'sans l’IS de l’an dernier, les acomptes d’IS ne sont pas générés' });
      }
      add('is_solde', `EX-${year - 1}`, `IS solde (2572) — exercice ${year - 1}`, `${year}-05-18`, 'is_solde', 'CGI art. 1668, 2 ; CGI ann. III art. 359 ; BOI-IS-DECLA-20-20');
      add('liasse', `EX-${year - 1}`, `Liasse fiscale 2065 — exercice ${year - 1}`, `${year}-05-19`, 'liasse_is', 'CGI art. 223 ; BOI-IS-DECLA-10-10-20 ; délai supplémentaire de 15 jours (tolérance annuelle de la DGFiP)', `${year}-05-04`);
    } else if (f.taxation) {
      add('liasse', `EX-${year - 1}`, `Liasse fiscale ${f.taxation === 'ir_bnc' ? '2035' : '2031'} — exercice ${year - 1}`, `${year}-05-19`, 'liasse_ir', 'CGI art. 53 A et 97 ; délai supplémentaire de 15 jours', `${year}-05-04`);
    } else {
      missing.push({ kind: 'liasse', attribute: 'taxation', why: 'sans régime d’imposition (IS, BIC ou BNC), ni liasse fiscale ni impôt sur les sociétés ne sont générés' });
    }
    if (c.legal_form) {
      if (f.cfe_over_3000 === true) add('cfe_acompte', `${year}`, `CFE acompte ${year}`, `${year}-06-15`, 'cfe_acompte', 'CGI art. 1679 quinquies');
      add('cfe', `${year}`, `CFE ${year}`, `${year}-12-15`, 'cfe', 'CGI art. 1679 quinquies ; CGI art. 1447');
    } else {
      missing.push({ kind: 'cfe', attribute: 'legal_form', why: 'sans forme juridique, la CFE n’est pas générée' });
    }
    if (f.payroll && f.payroll !== 'sans_salarie') {
      const day = f.payroll === '50_et_plus_paie_du_mois' ? '05' : '15';
      for (let m = 1; m <= 12; m++) {
        const [py, pm] = m === 1 ? [year - 1, 12] : [year, m - 1];
        add('dsn', `${py}-${pad(pm)}`, `DSN — ${MONTHS[pm - 1]} ${py}`, `${year}-${pad(m)}-${day}`, 'dsn', 'Code de la sécurité sociale art. L133-5-3 et R133-14');
      }
    } else if (!f.payroll) {
      missing.push({ kind: 'dsn', attribute: 'payroll', why: 'sans information sur les salariés, aucune DSN n’est générée' });
    }
    out.sort((a, b) => (a.rule_date < b.rule_date ? -1 : a.rule_date > b.rule_date ? 1 : KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind)));
    return { obligations: out, missing };
  }

  /** The deadline holding a client's obligation. */
  deadlineOf(clientId: number, kind: string, period: string) {
    return this.firm.deadlines.find((d) => d.client_id === clientId && d.kind === kind && this.obligations.get(d.id)?.period === period);
  }

  kindsOff(clientId: number): Set<string> {
    let set = this.off.get(clientId);
    if (!set) this.off.set(clientId, (set = new Set()));
    return set;
  }

  /** Writes a client's obligations of the next 15 months into deadlines (or every client's). */
  generate(only: number | null): Generation {
    const g: Generation = { clients: 0, created: 0, updated: 0, unchanged: 0, adopted: 0, kept: 0, removed: 0, missing: [], warnings: [] };
    const end = new Date(Date.parse(`${this.today}T12:00:00Z`));
    end.setUTCMonth(end.getUTCMonth() + 15);
    const last = end.toISOString().slice(0, 10);
    const year = Number(this.today.slice(0, 4));
    for (const c of this.firm.clients.filter((c) => only === null || c.id === only)) {
      g.clients++;
      const off = this.kindsOff(c.id);
      const wanted = new Set<string>();
      let missing: Missing[] = [];
      for (let y = year; y <= year + 2; y++) {
        const plan = this.plan(c.id, y);
        if (y === year) missing = plan.missing;
        for (const o of plan.obligations) {
          const date = this.overrides.get(`${c.id}:${o.kind}:${o.period}`) ?? o.rule_date;
          if (date < this.today || date > last || off.has(o.kind)) continue;
          wanted.add(`${o.kind}:${o.period}`);
          const d = this.deadlineOf(c.id, o.kind, o.period);
          const meta = { period: o.period, generated: true, legal_date: o.legal_date === o.rule_date ? null : o.legal_date, source: o.source };
          if (!d) {
            const id = this.firm.nextId();
            this.firm.deadlines.push({ id, client_id: c.id, kind: o.kind, label: o.label, due_date: date, status: 'a_faire', assignee_id: c.manager_id });
            this.obligations.set(id, meta);
            g.created++;
          } else if (!this.obligations.get(d.id)?.generated || d.status === 'faite') {
            g.kept++;
          } else if (d.due_date !== date) {
            d.due_date = date;
            g.updated++;
          } else g.unchanged++;
        }
      }
      // Generated rows, not done and not past, that no longer follow from the client.
      for (const d of [...this.firm.deadlines]) {
        const meta = this.obligations.get(d.id);
        if (d.client_id !== c.id || !meta?.generated || d.status === 'faite' || d.due_date < this.today) continue;
        if (!wanted.has(`${d.kind}:${meta.period}`)) {
          this.firm.deadlines = this.firm.deadlines.filter((x) => x.id !== d.id);
          this.obligations.delete(d.id);
          g.removed++;
        }
      }
      if (missing.length > 0) g.missing.push({ client: this.firm.clientRef(c.id)!, missing: missing as Generation['missing'][number]['missing'] });
    }
    return g;
  }

  calendar(clientId: number, year: number | null): ClientCalendar {
    const y = year ?? Number(this.today.slice(0, 4));
    const plan = this.plan(clientId, y);
    const off = this.kindsOff(clientId);
    const obligations: ClientObligation[] = plan.obligations.map((o) => {
      const d = this.deadlineOf(clientId, o.kind, o.period);
      return {
        ...o,
        off: off.has(o.kind),
        override_date: this.overrides.get(`${clientId}:${o.kind}:${o.period}`) ?? null,
        deadline: d ? { id: d.id, due_date: d.due_date, status: d.status, generated: this.obligations.get(d.id)?.generated ?? false } : null,
      };
    });
    const warnings = y > Number(this.today.slice(0, 4)) + 1 ? [`Les règles de ${y} ne sont pas encore publiées : celles de ${Number(this.today.slice(0, 4)) + 1} sont appliquées.`] : [];
    return {
      client: this.firm.clientRef(clientId)!,
      year: y,
      obligations,
      missing: plan.missing as ClientCalendar['missing'],
      kinds_off: [...off].sort() as ClientCalendar['kinds_off'],
      warnings,
    };
  }

  // ---- the forms ----

  /** The fiscal fields of a client's draft, checked; problems added to `problems`. */
  checkFacts(draft: Record<string, unknown>, problems: Problem[]): FiscalFacts {
    const text = (name: string) => String(draft[name] ?? '').trim();
    const choice = <T>(name: string, allowed: Record<string, T>): T | null => {
      const t = text(name);
      if (!t) return null;
      const found = allowed[fold(t)];
      if (found === undefined) {
        const expected = [...new Set(Object.values(allowed))].join(', ');
        problems.push({ field: name, reason: `"${t}" is not one of ${expected}`, french: `${q(t)} n’est pas une valeur possible (valeurs possibles : ${expected})` });
        return null;
      }
      return found;
    };
    const taxation = choice('taxation', TAXATION);
    let first_closing: string | null = null;
    if (text('first_closing')) {
      first_closing = parseDate(text('first_closing'));
      if (!first_closing) problems.push({ field: 'first_closing', reason: 'not a date', french: `${q(text('first_closing'))} n’est pas une date valide : saisissez-la comme 31/12/2026 ou 2026-12-31` });
    }
    let tax_department: string | null = null;
    const dep = text('tax_department').toUpperCase();
    if (dep) {
      const n = Number(dep);
      if (dep === '2A' || dep === '2B') tax_department = dep;
      else if (/^\d{1,3}$/.test(dep) && ((n >= 1 && n <= 95 && n !== 20) || (n >= 971 && n <= 976))) tax_department = n < 100 ? pad(n) : String(n);
      else problems.push({ field: 'tax_department', reason: 'not a département', french: `${q(text('tax_department'))} n’est pas un numéro de département (01 à 95, 2A, 2B, 971 à 976)` });
    }
    const payroll = choice('payroll', PAYROLL);
    const flag = (name: string) => (typeof draft[name] === 'boolean' ? (draft[name] as boolean) : null);
    return { taxation, first_closing, tax_department, payroll, cfe_over_3000: flag('cfe_over_3000'), is_over_3000: flag('is_over_3000'), cvae_filer: flag('cvae_filer') };
  }

  /** Runs the firm's own command on the draft, its refusals joined with `problems`. */
  withFirm(cmd: string, args: Record<string, unknown>, problems: Problem[], check: () => void): unknown {
    if (problems.length === 0) return this.firm.handle(cmd, args);
    try {
      check();
    } catch (error) {
      const theirs = problemsOf(error);
      if (!theirs) throw error;
      invalid([...theirs, ...problems]);
    }
    invalid(problems);
  }

  // ---- the commands ----

  handle(cmd: string, args: Record<string, unknown>): unknown {
    const draft = (args.draft ?? {}) as Record<string, unknown>;
    const id = args.id as number;
    switch (cmd) {
      case 'create_client':
      case 'update_client': {
        const problems: Problem[] = [];
        const facts = this.checkFacts(draft, problems);
        const saved = this.withFirm(cmd, args, problems, () => this.firm.checkClientDraft(draft, cmd === 'update_client' ? id : null)) as { id: number };
        this.facts.set(saved.id, facts);
        // The engine generates again after every save; the fake only for a client it knows
        // something of, so that the other screens' counts stay those of their tests.
        if (Object.values(facts).some((v) => v !== null)) this.generate(saved.id);
        return this.firm.handle('get_client', { id: saved.id });
      }
      case 'create_deadline':
      case 'update_deadline': {
        const problems: Problem[] = [];
        const period = String(draft.period ?? '').trim().toUpperCase();
        if (period && !validPeriod(period)) {
          problems.push({ field: 'period', reason: `"${period}" is not a period`, french: `${q(String(draft.period).trim())} n’est pas une période : saisissez-la comme 2027-02, 2027-T1, 2027, EX-2027 ou EX-2027-2` });
        }
        const saved = this.withFirm(cmd, args, problems, () => this.firm.checkDeadlineDraft(draft, cmd === 'update_deadline' ? id : null)) as Deadline;
        if (period) {
          // A deadline naming the period of a generated one replaces it.
          const twin = this.deadlineOf(saved.client.id, saved.kind, period);
          if (twin && twin.id !== saved.id && this.obligations.get(twin.id)?.generated) {
            this.firm.deadlines = this.firm.deadlines.filter((d) => d.id !== twin.id);
          }
          this.obligations.set(saved.id, { ...NOT_GENERATED, period });
        } else this.obligations.delete(saved.id);
        return this.firm.handle('get_deadline', { id: saved.id });
      }
      case 'client_calendar':
        return this.calendar(args.clientId as number, (args.year as number | null) ?? null);
      case 'set_obligation_date': {
        const clientId = args.clientId as number;
        this.firm.client(clientId);
        const kind = String(args.kind);
        const problems: Problem[] = [];
        if (!KINDS.includes(kind)) problems.push({ field: 'kind', reason: 'unknown kind', french: `${q(kind)} n’est pas un type d’obligation` });
        const date = args.date == null ? null : parseDate(String(args.date).trim());
        if (args.date != null && !date) {
          problems.push({ field: 'due_date', reason: 'not a date', french: `${q(String(args.date).trim())} n’est pas une date valide : saisissez-la comme 31/12/2026 ou 2026-12-31` });
        }
        if (problems.length) invalid(problems);
        const key = `${clientId}:${kind}:${args.period}`;
        if (date) this.overrides.set(key, date);
        else this.overrides.delete(key);
        return this.generate(clientId);
      }
      case 'set_obligation_kind': {
        const clientId = args.clientId as number;
        this.firm.client(clientId);
        const kind = String(args.kind);
        if (!KINDS.includes(kind)) invalid([{ field: 'kind', reason: 'unknown kind', french: `${q(kind)} n’est pas un type d’obligation` }]);
        if (args.on) this.kindsOff(clientId).delete(kind);
        else this.kindsOff(clientId).add(kind);
        return this.generate(clientId);
      }
      case 'generate_calendar':
        return this.generate(null);
      case 'export_deadlines_ics': {
        const base = `vigie-echeances-${this.today}`;
        let name = `${base}.ics`;
        for (let n = 2; this.written.has(name); n++) name = `${base} (${n}).ics`;
        this.written.add(name);
        return `${this.folder}/${name}`;
      }
      default:
        return undefined;
    }
  }
}
