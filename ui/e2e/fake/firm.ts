// The fake shell's firm data: ~30 clients with valid SIRENs, their deadlines (tva_ca3,
// is_acompte, liasse…), document requests, tasks and events around a fixed "now", and the
// staff. It answers the firm's commands as the engine does: search (case and accents ignored,
// SIREN digits), sort (rows without a value last, ties by id), filters, paging with the
// total, the forms' refusals field by field (`invalid_fields`), what a delete takes along,
// the one-click done with the alerts it stopped, staff deactivated when they have history.

import type {
  AlertKind,
  CalendarEvent_Serialize as CalendarEvent,
  Client_Serialize as Client,
  ClientAlert,
  ClientPage_Serialize as ClientPage,
  Deadline_Serialize as Deadline,
  DeadlineStatus,
  DocumentRequest_Serialize as DocumentRequest,
  Impact,
  Importance,
  PersonRef,
  Priority,
  Role,
  StaffImpact,
  StaffMember,
  Task_Serialize as Task,
  TaskStatus,
  VatRegime,
} from '../../src/lib/bindings';

const NBSP = '\u00a0';
const DAY = 86_400_000;

/** Case and accents ignored, as the engine's search and sorts do. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();
}

/** The SIREN of eight digits with its Luhn check digit. */
export function siren(base: string): string {
  for (let d = 0; d <= 9; d++) {
    if (luhn(base + d)) return base + d;
  }
  return base + '0';
}

export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let n = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
  }
  return sum % 10 === 0;
}

const CLIENT_NAMES: [string, string | null, VatRegime | null, string | null][] = [
  ['Boulangerie Martin SARL', 'SARL', 'mensuel', '31/12'],
  ['SCI Les Tilleuls', 'SCI', 'annuel', '31/12'],
  ['Garage Martin & Fils', 'SARL', 'mensuel', '30/06'],
  ['Pharmacie du Centre', 'SELARL', 'mensuel', '31/03'],
  ['Transports Lemoine', 'SAS', 'mensuel', '31/12'],
  ['Restaurant Le Petit Zinc', 'SARL', 'trimestriel', '30/09'],
  ['Nexa Conseil', 'SASU', 'trimestriel', '31/12'],
  ['Imprimerie Girard', 'SA', 'mensuel', '31/12'],
  ['Atelier Bois & Design', 'EURL', 'trimestriel', '31/12'],
  ['Docteur Hélène Fabre', 'EI', 'franchise', '31/12'],
  ['Éditions du Rhône', 'SAS', 'mensuel', '31/12'],
  ['Agence Horizon Immobilier', 'SARL', 'mensuel', '31/12'],
  ['Cave des Coteaux', 'SCEA', 'trimestriel', '31/08'],
  ['Électricité Roux', 'EURL', 'trimestriel', '31/12'],
  ['Fromagerie Dubois', 'SARL', 'mensuel', '31/12'],
  ['Cabinet Infirmier Lefort', 'SCM', 'franchise', '31/12'],
  ['Menuiserie Perrin', 'SARL', 'trimestriel', '31/03'],
  ['Boucherie Chevalier', 'EI', 'annuel', '31/12'],
  ['Studio Pixel & Co', 'SAS', 'trimestriel', '31/12'],
  ['Hôtel du Lac', 'SAS', 'mensuel', '30/09'],
  ['Plomberie Morel', 'EURL', 'trimestriel', '31/12'],
  ['Librairie des Quais', 'SARL', 'mensuel', '31/12'],
  ['Auto-École Bertrand', 'SARL', 'trimestriel', '31/12'],
  ['Ferme du Val Fleuri', 'GAEC', 'annuel', '31/10'],
  ['Opticiens Lambert', 'SARL', 'mensuel', '31/12'],
  ['Coiffure Élégance', 'EI', 'franchise', '31/12'],
  ['Bâtiment Fournier', 'SAS', 'mensuel', '31/12'],
  ['Dupont SARL', 'SARL', 'mensuel', '31/12'],
  ['Association Sportive Laurentine', null, null, '31/08'],
  ['Atelier Céramique Blanc', 'EI', 'franchise', null],
];

const STAFF: [string, string, Role][] = [
  ['Claire Moreau', 'claire.moreau@cabinet-demo.fr', 'expert'],
  ['Julien Lefèvre', 'julien.lefevre@cabinet-demo.fr', 'collaborateur'],
  ['Nadia Benali', 'nadia.benali@cabinet-demo.fr', 'assistant'],
  ['Philippe Garnier', 'philippe.garnier@cabinet-demo.fr', 'expert'],
  ['Sophie Martin', 'sophie.martin@cabinet-demo.fr', 'collaborateur'],
  ['Thomas Petit', 'thomas.petit@cabinet-demo.fr', 'collaborateur'],
  ['Lucie Robert', 'lucie.robert@cabinet-demo.fr', 'assistant'],
];

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

interface StoredClient {
  id: number;
  name: string;
  siren: string | null;
  legal_form: string | null;
  vat_regime: VatRegime | null;
  fiscal_year_end: string | null;
  manager_id: number | null;
}
interface StoredDeadline {
  id: number;
  client_id: number;
  kind: string;
  label: string;
  due_date: string;
  status: DeadlineStatus;
  assignee_id: number | null;
}
interface StoredDocument {
  id: number;
  client_id: number;
  label: string;
  requested_on: string;
  due_date: string;
  received_on: string | null;
  owner_id: number | null;
}
interface StoredTask {
  id: number;
  client_id: number | null;
  title: string;
  due_date: string;
  status: TaskStatus;
  priority: Priority;
  assignee_id: number | null;
}
interface StoredEvent {
  id: number;
  client_id: number | null;
  title: string;
  starts_local: string;
  importance: Importance;
  audience_id: number | null;
}
/** An alert about one subject, as the inbox would hold it. */
interface StoredAlert {
  id: number;
  subject: string;
  kind: AlertKind;
  title: string;
  created_at: string;
  recipient_id: number;
  read: boolean;
}

type Query = {
  search?: string | null;
  sort?: string;
  direction?: 'asc' | 'desc';
  filter?: Record<string, unknown>;
  limit?: number | null;
  offset?: number;
};

type Problem = { field: string; reason: string; french: string };

const FIELD_FRENCH: Record<string, string> = {
  name: 'nom',
  siren: 'SIREN',
  legal_form: 'forme juridique',
  vat_regime: 'régime de TVA',
  fiscal_year_end: 'clôture de l’exercice',
  manager_id: 'responsable du dossier',
  client_id: 'client',
  kind: 'type d’échéance',
  label: 'libellé',
  due_date: 'date limite',
  status: 'statut',
  assignee_id: 'attribuée à',
  requested_on: 'date de la demande',
  received_on: 'date de réception',
  owner_id: 'suivi par',
  title: 'titre',
  priority: 'priorité',
  starts_at: 'date et heure',
  importance: 'importance',
  audience_id: 'destinataire',
  email: 'adresse e-mail',
  role: 'fonction',
};

const q = (t: string) => `«${NBSP}${t}${NBSP}»`;

/** A form being checked: every problem kept, as the engine's `Form`. */
class Form {
  problems: Problem[] = [];

  problem(field: string, reason: string, french: string): void {
    this.problems.push({ field, reason, french });
  }

  line(field: string, value: string | undefined, required: boolean): string | null {
    const t = (value ?? '').trim();
    if (!t) {
      if (required) this.problem(field, 'required, but empty', 'ce champ est obligatoire');
      return null;
    }
    if (/[\n\r]/.test(t) && field !== 'label' && field !== 'title') {
      this.problem(field, 'one line only', 'ce champ tient sur une seule ligne : retirez le retour à la ligne');
      return null;
    }
    return t;
  }

  date(field: string, value: string | undefined, required: boolean): string | null {
    const t = (value ?? '').trim();
    if (!t) {
      if (required) this.problem(field, 'required, but empty', 'ce champ est obligatoire');
      return null;
    }
    const parsed = parseDate(t);
    if (!parsed) {
      this.problem(
        field,
        `"${t}" is not a date (expected YYYY-MM-DD or DD/MM/YYYY)`,
        `${q(t)} n’est pas une date valide : saisissez-la comme 31/12/2026 ou 2026-12-31 (année de 1900 à 2199)`,
      );
    }
    return parsed;
  }

  choice<T extends string>(field: string, value: string | undefined, allowed: Record<string, T>, required = false): T | null {
    const t = fold(value ?? '').replace(/[ '’.-]/g, '_');
    if (!t) {
      if (required) this.problem(field, 'required, but empty', 'ce champ est obligatoire');
      return null;
    }
    const found = allowed[t];
    if (!found) {
      const expected = [...new Set(Object.values(allowed))].join(', ');
      this.problem(field, `"${value}" is not one of ${expected}`, `${q(String(value).trim())} n’est pas une valeur possible (valeurs possibles : ${expected})`);
      return null;
    }
    return found;
  }

  finish(): void {
    if (this.problems.length === 0) return;
    const list = this.problems.map((p) => `${FIELD_FRENCH[p.field] ?? p.field} : ${p.french}`).join(' ; ');
    const n = this.problems.length;
    const message =
      n === 1 ? `Rien n’a été enregistré, un champ est à corriger : ${list}.` : `Rien n’a été enregistré, ${n} champs sont à corriger : ${list}.`;
    throw { code: 'invalid_fields', message, details: { fields: this.problems } };
  }
}

/** `YYYY-MM-DD` or `DD/MM/YYYY` to `YYYY-MM-DD`, if it is a calendar date. */
export function parseDate(t: string): string | null {
  let y: number, m: number, d: number;
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else {
    match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
    if (!match) return null;
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  }
  if (y < 1900 || y > 2199) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

const DEADLINE_STATUSES: Record<string, DeadlineStatus> = { a_faire: 'a_faire', en_cours: 'en_cours', faite: 'faite', depassee: 'depassee' };
const TASK_STATUSES: Record<string, TaskStatus> = { a_faire: 'a_faire', en_cours: 'en_cours', terminee: 'terminee', en_retard: 'en_retard' };
const PRIORITIES: Record<string, Priority> = { basse: 'basse', normale: 'normale', haute: 'haute', urgente: 'urgente' };
const IMPORTANCES: Record<string, Importance> = { normale: 'normale', haute: 'haute' };
const ROLES: Record<string, Role> = {
  expert: 'expert',
  expert_comptable: 'expert',
  collaborateur: 'collaborateur',
  collaboratrice: 'collaborateur',
  assistant: 'assistant',
  assistante: 'assistant',
};
const VAT: Record<string, VatRegime> = { mensuel: 'mensuel', trimestriel: 'trimestriel', annuel: 'annuel', franchise: 'franchise' };

function notFound(record: string, id: number): never {
  const what: Record<string, [string, string]> = {
    client: ['Le client', 'il a peut-être été supprimé'],
    deadline: ['L’échéance', 'elle a peut-être été supprimée'],
    document: ['La demande de document', 'elle a peut-être été supprimée'],
    task: ['La tâche', 'elle a peut-être été supprimée'],
    event: ['L’événement', 'il a peut-être été supprimé'],
    staff: ['La personne', 'elle a peut-être été supprimée'],
  };
  const [w, gone] = what[record];
  throw { code: 'not_found', message: `${w} n°${NBSP}${id} est introuvable dans ce cabinet : ${gone}. Actualisez la liste.`, details: { record, id } };
}

/** Sorts rows on a key (text folded, null last both ways), ties by id in the same direction. */
function sorted<T extends { id: number }>(rows: T[], key: (r: T) => string | number | null, direction: 'asc' | 'desc'): T[] {
  const sign = direction === 'desc' ? -1 : 1;
  return [...rows].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka === null && kb === null) return sign * (a.id - b.id);
    if (ka === null) return 1;
    if (kb === null) return -1;
    const ca = typeof ka === 'string' ? fold(ka) : ka;
    const cb = typeof kb === 'string' ? fold(kb) : kb;
    if (ca < cb) return -sign;
    if (ca > cb) return sign;
    return sign * (a.id - b.id);
  });
}

function page<T>(rows: T[], query: Query): { rows: T[]; total: number } {
  const limit = Math.min(query.limit ?? 50, 500);
  const offset = query.offset ?? 0;
  return { rows: rows.slice(offset, offset + limit), total: rows.length };
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T12:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

export class FakeFirm {
  today: string;
  now: Date;
  clients: StoredClient[] = [];
  deadlines: StoredDeadline[] = [];
  documents: StoredDocument[] = [];
  tasks: StoredTask[] = [];
  events: StoredEvent[] = [];
  staff: StaffMember[] = [];
  alerts: StoredAlert[] = [];
  #next = 1000;
  /** Milliseconds each list answer waits (the tests of stale answers set it). */
  listDelay = 0;
  /** The fiscal calendar's part of a client and of a deadline (calendar.ts sets them). */
  fiscalOf: (clientId: number) => Client['fiscal'] = () => ({ taxation: null, first_closing: null, tax_department: null, payroll: null, cfe_over_3000: null, is_over_3000: null, cvae_filer: null });
  obligationOf: (deadlineId: number) => Pick<Deadline, 'period' | 'generated' | 'legal_date' | 'source'> = () => ({ period: null, generated: false, legal_date: null, source: null });

  constructor(now: Date, today: string) {
    this.now = now;
    this.today = today;
    this.seed();
  }

  nextId(): number {
    return this.#next++;
  }

  seed(): void {
    this.staff = STAFF.map(([name, email, role], i) => ({ id: i + 1, cabinet_id: 1, name, email, role, active: true }));
    // Thomas Petit left: he keeps his name on his work.
    this.staff[5].active = false;
    const managers = [1, 2, 4, 5, 6];
    this.clients = CLIENT_NAMES.map(([name, legal_form, vat_regime, fiscal_year_end], i) => ({
      id: i + 1,
      name,
      siren: i === 9 || i === 28 ? null : siren(String(41234567 + i * 3217891).slice(0, 8)),
      legal_form,
      vat_regime,
      fiscal_year_end,
      manager_id: i === 29 ? null : managers[i % managers.length],
    }));
    const [y, m] = this.today.split('-').map(Number);
    const monthName = (offset: number) => MONTHS[(m - 1 + offset + 12) % 12];
    let id = 1;
    for (const c of this.clients) {
      const assignee = c.manager_id;
      const add = (kind: string, label: string, due: string, status: DeadlineStatus, who: number | null = assignee) =>
        this.deadlines.push({ id: id++, client_id: c.id, kind, label, due_date: due, status, assignee_id: who });
      if (c.vat_regime === 'mensuel' || c.vat_regime === 'trimestriel') {
        add('tva_ca3', `TVA CA3 ${monthName(-2)}`, `${y}-${String(m - 1).padStart(2, '0')}-${String(15 + (c.id % 10)).padStart(2, '0')}`, c.id % 7 === 0 ? 'depassee' : 'faite');
        add('tva_ca3', `TVA CA3 ${monthName(-1)}`, addDays(this.today, (c.id % 9) - 1), c.id % 4 === 0 ? 'en_cours' : 'a_faire');
      }
      if (c.legal_form && ['SARL', 'SAS', 'SA', 'SASU', 'SELARL'].includes(c.legal_form)) {
        add('is_acompte', 'Acompte IS décembre', `${y}-12-15`, 'a_faire', c.id % 3 === 0 ? 4 : assignee);
        add('liasse', `Liasse fiscale ${y - 1}`, `${y}-05-${String(5 + (c.id % 15)).padStart(2, '0')}`, 'faite');
      }
      if (c.id % 5 === 0) add('cfe', `CFE ${y}`, `${y}-12-15`, 'a_faire');
    }
    id = 1;
    for (const c of this.clients) {
      this.documents.push({
        id: id++,
        client_id: c.id,
        label: `Relevés bancaires ${monthName(-1)}`,
        requested_on: addDays(this.today, -12),
        due_date: addDays(this.today, (c.id % 12) - 5),
        received_on: c.id % 3 === 0 ? addDays(this.today, -2) : null,
        owner_id: c.id % 4 === 0 ? 3 : 7,
      });
      if (c.id % 2 === 0) {
        this.documents.push({
          id: id++,
          client_id: c.id,
          label: 'Factures d’achat du trimestre',
          requested_on: addDays(this.today, -20),
          due_date: addDays(this.today, (c.id % 7) + 2),
          received_on: null,
          owner_id: c.id % 3 === 0 ? null : 3,
        });
      }
    }
    const titles = ['Relancer pour les justificatifs', 'Préparer le bilan', 'Saisir les factures', 'Rapprochement bancaire', 'Appeler le client'];
    id = 1;
    for (const c of this.clients.slice(0, 24)) {
      const days = (c.id % 11) - 4;
      const status: TaskStatus = days < 0 ? (c.id % 5 === 0 ? 'terminee' : 'en_retard') : c.id % 6 === 0 ? 'en_cours' : 'a_faire';
      this.tasks.push({
        id: id++,
        client_id: c.id,
        title: `${titles[c.id % titles.length]}`,
        due_date: addDays(this.today, days),
        status,
        priority: (['basse', 'normale', 'haute', 'urgente'] as Priority[])[c.id % 4],
        assignee_id: c.id % 7 === 0 ? 6 : (c.manager_id ?? 2),
      });
    }
    this.tasks.push({ id: id++, client_id: null, title: 'Mettre à jour les lettres de mission', due_date: addDays(this.today, 6), status: 'a_faire', priority: 'normale', assignee_id: 1 });
    id = 1;
    const event = (client_id: number | null, title: string, days: number, time: string, importance: Importance, audience_id: number | null) =>
      this.events.push({ id: id++, client_id, title, starts_local: `${addDays(this.today, days)}T${time}:00`, importance, audience_id });
    event(3, 'Rendez-vous bilan', 1, '14:30', 'haute', 1);
    event(5, 'Contrôle fiscal : première visite', 2, '09:00', 'haute', 4);
    event(null, 'Réunion d’équipe', 0, '17:00', 'normale', null);
    event(12, 'Assemblée générale ordinaire', 6, '10:00', 'normale', 2);
    event(20, 'Inventaire de fin d’année', 12, '08:30', 'normale', 5);
    event(28, 'Signature de la lettre de mission', 3, '11:00', 'normale', 1);
    event(8, 'Point trimestriel', -5, '15:00', 'normale', 2);
    event(null, 'Formation loi de finances', 9, '09:30', 'haute', null);
    // Alerts: open deadlines due within 7 days, missing documents due, late tasks, haute events.
    let alertId = 1;
    const alert = (subject: string, kind: AlertKind, title: string, recipient_id: number | null, read = false) => {
      this.alerts.push({
        id: alertId++,
        subject,
        kind,
        title,
        created_at: new Date(this.now.getTime() - (alertId % 48) * 3_600_000).toISOString(),
        recipient_id: recipient_id ?? 1,
        read,
      });
    };
    for (const d of this.deadlines) {
      const left = (Date.parse(d.due_date) - Date.parse(this.today)) / DAY;
      const c = this.client(d.client_id);
      if (d.status === 'faite' || left > 7) continue;
      alert(`deadline:${d.id}`, 'echeance_proche', `${d.label} — ${c.name}`, d.assignee_id);
      if (left <= 3) alert(`deadline:${d.id}`, 'echeance_proche', `${d.label} — ${c.name}`, d.assignee_id, left < 0);
    }
    for (const d of this.documents) {
      const left = (Date.parse(d.due_date) - Date.parse(this.today)) / DAY;
      if (d.received_on || left > 7) continue;
      alert(`document:${d.id}`, 'documents_manquants', `${d.label} — ${this.client(d.client_id).name}`, d.owner_id);
    }
    for (const t of this.tasks) {
      if (t.status !== 'en_retard') continue;
      alert(`task:${t.id}`, 'taches_retard', `${t.title} — en retard`, t.assignee_id);
    }
    for (const e of this.events) {
      if (e.importance === 'haute' && e.starts_local >= this.today) alert(`event:${e.id}`, 'evenement_important', e.title, e.audience_id);
    }
  }

  // ---- reading ----

  client(id: number): StoredClient {
    return this.clients.find((c) => c.id === id) ?? notFound('client', id);
  }

  person(id: number | null): PersonRef | null {
    const p = id === null ? undefined : this.staff.find((s) => s.id === id);
    return p ? { id: p.id, name: p.name, active: p.active } : null;
  }

  clientRef(id: number | null) {
    if (id === null) return null;
    const c = this.client(id);
    return { id: c.id, name: c.name, siren: c.siren };
  }

  showClient(c: StoredClient): Client {
    const { manager_id, ...rest } = c;
    return { ...rest, manager: this.person(manager_id), fiscal: this.fiscalOf(c.id) };
  }

  showDeadline(d: StoredDeadline): Deadline {
    return { id: d.id, client: this.clientRef(d.client_id)!, kind: d.kind, label: d.label, due_date: d.due_date, status: d.status, assignee: this.person(d.assignee_id), ...this.obligationOf(d.id) };
  }

  showDocument(d: StoredDocument): DocumentRequest {
    return {
      id: d.id,
      client: this.clientRef(d.client_id)!,
      label: d.label,
      requested_on: d.requested_on,
      due_date: d.due_date,
      received_on: d.received_on,
      owner: this.person(d.owner_id),
    };
  }

  showTask(t: StoredTask): Task {
    return { id: t.id, client: this.clientRef(t.client_id), title: t.title, due_date: t.due_date, status: t.status, priority: t.priority, assignee: this.person(t.assignee_id) };
  }

  showEvent(e: StoredEvent): CalendarEvent {
    // The cabinet's winter time (UTC+1): every start of the demo is in winter.
    const utc = new Date(Date.parse(`${e.starts_local}Z`) - 3_600_000).toISOString().replace('.000Z', 'Z');
    return { id: e.id, client: this.clientRef(e.client_id), title: e.title, starts_at: utc, starts_local: e.starts_local, importance: e.importance, audience: this.person(e.audience_id) };
  }

  personName(id: number | null): string | null {
    return this.person(id)?.name ?? null;
  }

  clientName(id: number | null): string | null {
    return id === null ? null : (this.clients.find((c) => c.id === id)?.name ?? null);
  }

  /** Rows whose text or client name holds the search. */
  searched<T>(rows: T[], search: string | null | undefined, texts: (r: T) => (string | null)[]): T[] {
    const needle = fold(search ?? '');
    if (!needle) return rows;
    return rows.filter((r) => texts(r).some((t) => t !== null && fold(t).includes(needle)));
  }

  inRange(date: string, from: unknown, to: unknown): boolean {
    return (typeof from !== 'string' || date >= from) && (typeof to !== 'string' || date <= to);
  }

  alertsOf(subject: string): StoredAlert[] {
    return this.alerts.filter((a) => a.subject === subject);
  }

  /** Marks a subject's unread alerts read; how many. */
  stopAlerts(subject: string): number {
    const unread = this.alertsOf(subject).filter((a) => !a.read);
    for (const a of unread) a.read = true;
    return unread.length;
  }

  deleteAlerts(subjects: string[]): number {
    const before = this.alerts.length;
    this.alerts = this.alerts.filter((a) => !subjects.includes(a.subject));
    return before - this.alerts.length;
  }

  // ---- the forms ----

  checkPerson(form: Form, field: string, id: unknown): number | null {
    if (id === null || id === undefined) return null;
    if (!this.staff.some((s) => s.id === id)) {
      form.problem(field, `no staff member with id ${id} in this cabinet`, 'cette personne ne fait pas (ou plus) partie du cabinet : choisissez-en une autre');
      return null;
    }
    return id as number;
  }

  checkClient(form: Form, id: unknown, required: boolean): number | null {
    if (id === null || id === undefined) {
      if (required) form.problem('client_id', 'required, but empty', 'choisissez le client');
      return null;
    }
    if (!this.clients.some((c) => c.id === id)) {
      form.problem('client_id', `no client with id ${id}`, 'ce client n’existe pas (ou plus) dans le cabinet : choisissez-en un autre');
      return null;
    }
    return id as number;
  }

  checkClientDraft(draft: Record<string, unknown>, id: number | null): Omit<StoredClient, 'id'> {
    const form = new Form();
    const name = form.line('name', draft.name as string, true);
    const sirenText = String(draft.siren ?? '').trim();
    let siren: string | null = null;
    if (sirenText) {
      const digits = sirenText.replace(/[\s.]/g, '');
      if (!/^\d{9}$/.test(digits)) form.problem('siren', `"${sirenText}": not nine digits`, `${q(sirenText)} n’est pas un numéro SIREN : il compte 9 chiffres`);
      else if (!luhn(digits))
        form.problem('siren', `"${sirenText}": invalid SIREN: the Luhn check digit does not match`, `${q(sirenText)} n’est pas un numéro SIREN valide : la clé de contrôle ne correspond pas, vérifiez la saisie`);
      else {
        const other = this.clients.find((c) => c.siren === digits && c.id !== id);
        if (other) form.problem('siren', `another client has SIREN ${digits}`, `un autre client a déjà ce numéro SIREN : ${q(other.name)}`);
        else siren = digits;
      }
    }
    const legal_form = form.line('legal_form', draft.legal_form as string, false);
    const vat_regime = form.choice('vat_regime', draft.vat_regime as string, VAT);
    const fyeText = String(draft.fiscal_year_end ?? '').trim();
    let fiscal_year_end: string | null = null;
    if (fyeText) {
      const m = /^(\d{1,2})\/(\d{1,2})$/.exec(fyeText);
      const ok = m && parseDate(`${m[1]}/${m[2]}/2024`);
      if (!ok || !m) form.problem('fiscal_year_end', 'not a day and month', `${q(fyeText)} n’est pas un jour et un mois : saisissez-le comme 31/12`);
      else fiscal_year_end = `${m[1].padStart(2, '0')}/${m[2].padStart(2, '0')}`;
    }
    const manager_id = this.checkPerson(form, 'manager_id', draft.manager_id);
    form.finish();
    return { name: name!, siren, legal_form, vat_regime, fiscal_year_end, manager_id };
  }

  checkDeadlineDraft(draft: Record<string, unknown>, id: number | null): Omit<StoredDeadline, 'id'> {
    const form = new Form();
    const client_id = this.checkClient(form, draft.client_id, true);
    const kindText = form.line('kind', draft.kind as string, true);
    const kind = kindText ? fold(kindText).replace(/[ '’.-]/g, '_') : null;
    const label = form.line('label', draft.label as string, true);
    const due_date = form.date('due_date', draft.due_date as string, true);
    const status = form.choice('status', draft.status as string, DEADLINE_STATUSES) ?? 'a_faire';
    const assignee_id = this.checkPerson(form, 'assignee_id', draft.assignee_id);
    if (client_id && kind && due_date) {
      const other = this.deadlines.find((d) => d.client_id === client_id && d.kind === kind && d.due_date === due_date && d.id !== id);
      if (other) form.problem('due_date', 'duplicate', `ce client a déjà une échéance de ce type à cette date : ${q(other.label)}`);
    }
    form.finish();
    return { client_id: client_id!, kind: kind!, label: label!, due_date: due_date!, status, assignee_id };
  }

  checkDocumentDraft(draft: Record<string, unknown>): Omit<StoredDocument, 'id'> {
    const form = new Form();
    const client_id = this.checkClient(form, draft.client_id, true);
    const label = form.line('label', draft.label as string, true);
    const requested_on = form.date('requested_on', draft.requested_on as string, true);
    const due_date = form.date('due_date', draft.due_date as string, true);
    const received_on = form.date('received_on', draft.received_on as string, false);
    if (requested_on && due_date && due_date < requested_on)
      form.problem('due_date', 'before the request', 'la date attendue ne peut pas précéder la date de la demande');
    const owner_id = this.checkPerson(form, 'owner_id', draft.owner_id);
    form.finish();
    return { client_id: client_id!, label: label!, requested_on: requested_on!, due_date: due_date!, received_on, owner_id };
  }

  checkTaskDraft(draft: Record<string, unknown>): Omit<StoredTask, 'id'> {
    const form = new Form();
    const client_id = this.checkClient(form, draft.client_id, false);
    const title = form.line('title', draft.title as string, true);
    const due_date = form.date('due_date', draft.due_date as string, true);
    const status = form.choice('status', draft.status as string, TASK_STATUSES) ?? 'a_faire';
    const priority = form.choice('priority', draft.priority as string, PRIORITIES) ?? 'normale';
    const assignee_id = this.checkPerson(form, 'assignee_id', draft.assignee_id);
    form.finish();
    return { client_id, title: title!, due_date: due_date!, status, priority, assignee_id };
  }

  checkEventDraft(draft: Record<string, unknown>): Omit<StoredEvent, 'id'> {
    const form = new Form();
    const client_id = this.checkClient(form, draft.client_id, false);
    const title = form.line('title', draft.title as string, true);
    const t = String(draft.starts_at ?? '').trim();
    let starts_local: string | null = null;
    if (!t) form.problem('starts_at', 'required, but empty', 'ce champ est obligatoire');
    else {
      const m = /^(.+?)[T ](\d{1,2}):(\d{2})$/.exec(t);
      const day = m ? parseDate(m[1]) : null;
      if (!m || !day || Number(m[2]) > 23 || Number(m[3]) > 59)
        form.problem(
          'starts_at',
          `"${t}" is not a date and time`,
          `${q(t)} n’est pas une date et heure valide : saisissez-la comme 01/12/2026 09:30 ou 2026-12-01T09:30 (année de 1900 à 2199)`,
        );
      else starts_local = `${day}T${m[2].padStart(2, '0')}:${m[3]}:00`;
    }
    const importance = form.choice('importance', draft.importance as string, IMPORTANCES) ?? 'normale';
    const audience_id = this.checkPerson(form, 'audience_id', draft.audience_id);
    form.finish();
    return { client_id, title: title!, starts_local: starts_local!, importance, audience_id };
  }

  checkStaffDraft(draft: Record<string, unknown>, id: number | null): Omit<StaffMember, 'id' | 'cabinet_id'> {
    const form = new Form();
    const name = form.line('name', draft.name as string, true);
    const emailText = String(draft.email ?? '').trim();
    let email: string | null = null;
    if (!emailText) form.problem('email', 'required, but empty', 'ce champ est obligatoire');
    else if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(emailText)) form.problem('email', 'not an email', `${q(emailText)} n’est pas une adresse e-mail valide`);
    else {
      email = emailText.toLowerCase();
      const other = this.staff.find((s) => s.email === email && s.id !== id);
      if (other) form.problem('email', 'taken', `cette adresse est déjà celle de ${other.name}`);
    }
    const role = form.choice('role', draft.role as string, ROLES, true);
    form.finish();
    return { name: name!, email: email!, role: role!, active: draft.active !== false };
  }

  // ---- impacts ----

  subjectImpact(subject: string): Impact {
    return { deadlines: 0, documents: 0, tasks: 0, events: 0, notifications: this.alertsOf(subject).length };
  }

  clientImpact(id: number): Impact {
    this.client(id);
    const subjects = this.clientSubjects(id);
    return {
      deadlines: this.deadlines.filter((d) => d.client_id === id).length,
      documents: this.documents.filter((d) => d.client_id === id).length,
      tasks: this.tasks.filter((t) => t.client_id === id).length,
      events: this.events.filter((e) => e.client_id === id).length,
      notifications: this.alerts.filter((a) => subjects.includes(a.subject)).length,
    };
  }

  clientSubjects(id: number): string[] {
    return [
      ...this.deadlines.filter((d) => d.client_id === id).map((d) => `deadline:${d.id}`),
      ...this.documents.filter((d) => d.client_id === id).map((d) => `document:${d.id}`),
      ...this.tasks.filter((t) => t.client_id === id).map((t) => `task:${t.id}`),
      ...this.events.filter((e) => e.client_id === id).map((e) => `event:${e.id}`),
    ];
  }

  staffImpact(id: number): StaffImpact {
    if (!this.staff.some((s) => s.id === id)) notFound('staff', id);
    const impact = {
      clients: this.clients.filter((c) => c.manager_id === id).length,
      deadlines: this.deadlines.filter((d) => d.assignee_id === id).length,
      documents: this.documents.filter((d) => d.owner_id === id).length,
      tasks: this.tasks.filter((t) => t.assignee_id === id).length,
      events: this.events.filter((e) => e.audience_id === id).length,
      notifications: this.alerts.filter((a) => a.recipient_id === id).length,
    };
    const history = Object.values(impact).reduce((a, b) => a + b, 0);
    return { ...impact, removal: history === 0 ? 'deleted' : 'deactivated' };
  }

  // ---- the commands ----

  handle(cmd: string, args: Record<string, unknown>): unknown {
    const query = (args.query ?? {}) as Query;
    const f = (query.filter ?? {}) as Record<string, unknown>;
    const dir = query.direction ?? 'asc';
    const id = args.id as number;
    const draft = (args.draft ?? {}) as Record<string, unknown>;
    switch (cmd) {
      // Clients
      case 'list_clients': {
        const digits = (query.search ?? '').replace(/[\s.]/g, '');
        let rows = this.clients.filter((c) => (f.manager_id == null || c.manager_id === f.manager_id) && (f.vat_regime == null || c.vat_regime === f.vat_regime));
        const needle = fold(query.search ?? '');
        if (needle) rows = rows.filter((c) => fold(c.name).includes(needle) || (/^\d+$/.test(digits) && (c.siren ?? '').includes(digits)));
        const keys: Record<string, (c: StoredClient) => string | null> = {
          name: (c) => c.name,
          siren: (c) => c.siren,
          legal_form: (c) => c.legal_form,
          vat_regime: (c) => c.vat_regime,
          fiscal_year_end: (c) => (c.fiscal_year_end ? c.fiscal_year_end.slice(3) + c.fiscal_year_end.slice(0, 2) : null),
          manager: (c) => this.personName(c.manager_id),
        };
        return this.delayed(page(sorted(rows, keys[query.sort ?? 'name'], dir).map((c) => this.showClient(c)), query));
      }
      case 'get_client':
        return this.showClient(this.client(id));
      case 'create_client': {
        const v = this.checkClientDraft(draft, null);
        const c = { id: this.nextId(), ...v };
        this.clients.push(c);
        return this.showClient(c);
      }
      case 'update_client': {
        const c = this.client(id);
        Object.assign(c, this.checkClientDraft(draft, id));
        return this.showClient(c);
      }
      case 'client_delete_impact':
        return this.clientImpact(id);
      case 'delete_client': {
        const impact = this.clientImpact(id);
        this.deleteAlerts(this.clientSubjects(id));
        this.clients = this.clients.filter((c) => c.id !== id);
        this.deadlines = this.deadlines.filter((d) => d.client_id !== id);
        this.documents = this.documents.filter((d) => d.client_id !== id);
        this.tasks = this.tasks.filter((t) => t.client_id !== id);
        this.events = this.events.filter((e) => e.client_id !== id);
        return impact;
      }
      case 'client_page':
        return this.clientPage(id);
      // Deadlines
      case 'list_deadlines': {
        let rows = this.deadlines.filter(
          (d) =>
            (f.client_id == null || d.client_id === f.client_id) &&
            (f.assignee_id == null || d.assignee_id === f.assignee_id) &&
            (f.status == null || d.status === f.status) &&
            (!f.open_only || d.status !== 'faite') &&
            this.inRange(d.due_date, f.due_from, f.due_to),
        );
        rows = this.searched(rows, query.search, (d) => [d.label, this.clientName(d.client_id)]);
        const order: Record<string, number> = { depassee: 0, a_faire: 1, en_cours: 2, faite: 3 };
        const keys: Record<string, (d: StoredDeadline) => string | number | null> = {
          due_date: (d) => d.due_date,
          client: (d) => this.clientName(d.client_id),
          kind: (d) => d.kind,
          label: (d) => d.label,
          status: (d) => order[d.status],
          assignee: (d) => this.personName(d.assignee_id),
        };
        return this.delayed(page(sorted(rows, keys[query.sort ?? 'due_date'], dir).map((d) => this.showDeadline(d)), query));
      }
      case 'get_deadline':
        return this.showDeadline(this.deadline(id));
      case 'create_deadline': {
        const d = { id: this.nextId(), ...this.checkDeadlineDraft(draft, null) };
        this.deadlines.push(d);
        return this.showDeadline(d);
      }
      case 'update_deadline': {
        const d = this.deadline(id);
        const v = this.checkDeadlineDraft(draft, id);
        if (v.due_date !== d.due_date) this.deleteAlerts([`deadline:${id}`]);
        Object.assign(d, v);
        if (d.status === 'faite') this.stopAlerts(`deadline:${id}`);
        return this.showDeadline(d);
      }
      case 'set_deadline_done': {
        const d = this.deadline(id);
        const done = args.done as boolean;
        if (done) d.status = 'faite';
        else if (d.status === 'faite') d.status = d.due_date < this.today ? 'depassee' : 'a_faire';
        const stopped = done ? this.stopAlerts(`deadline:${id}`) : 0;
        return { record: this.showDeadline(d), alerts: { notifications: stopped, emails_rewritten: 0, emails_withdrawn: 0 } };
      }
      case 'deadline_delete_impact':
        this.deadline(id);
        return this.subjectImpact(`deadline:${id}`);
      case 'delete_deadline': {
        this.deadline(id);
        const impact = this.subjectImpact(`deadline:${id}`);
        this.deleteAlerts([`deadline:${id}`]);
        this.deadlines = this.deadlines.filter((d) => d.id !== id);
        return impact;
      }
      // Documents
      case 'list_documents': {
        let rows = this.documents.filter(
          (d) =>
            (f.client_id == null || d.client_id === f.client_id) &&
            (f.owner_id == null || d.owner_id === f.owner_id) &&
            (f.state == null ||
              (f.state === 'missing' && !d.received_on) ||
              (f.state === 'overdue' && !d.received_on && d.due_date < this.today) ||
              (f.state === 'received' && !!d.received_on)) &&
            this.inRange(d.due_date, f.due_from, f.due_to),
        );
        rows = this.searched(rows, query.search, (d) => [d.label, this.clientName(d.client_id)]);
        const keys: Record<string, (d: StoredDocument) => string | null> = {
          due_date: (d) => d.due_date,
          client: (d) => this.clientName(d.client_id),
          label: (d) => d.label,
          requested_on: (d) => d.requested_on,
          received_on: (d) => d.received_on,
          owner: (d) => this.personName(d.owner_id),
        };
        return this.delayed(page(sorted(rows, keys[query.sort ?? 'due_date'], dir).map((d) => this.showDocument(d)), query));
      }
      case 'get_document':
        return this.showDocument(this.document(id));
      case 'create_document': {
        const d = { id: this.nextId(), ...this.checkDocumentDraft(draft) };
        this.documents.push(d);
        return this.showDocument(d);
      }
      case 'update_document': {
        const d = this.document(id);
        Object.assign(d, this.checkDocumentDraft(draft));
        if (d.received_on) this.stopAlerts(`document:${id}`);
        return this.showDocument(d);
      }
      case 'set_document_received': {
        const d = this.document(id);
        const received = args.received as boolean;
        d.received_on = received ? this.today : null;
        const stopped = received ? this.stopAlerts(`document:${id}`) : 0;
        return { record: this.showDocument(d), alerts: { notifications: stopped, emails_rewritten: 0, emails_withdrawn: 0 } };
      }
      case 'document_delete_impact':
        this.document(id);
        return this.subjectImpact(`document:${id}`);
      case 'delete_document': {
        this.document(id);
        const impact = this.subjectImpact(`document:${id}`);
        this.deleteAlerts([`document:${id}`]);
        this.documents = this.documents.filter((d) => d.id !== id);
        return impact;
      }
      // Tasks
      case 'list_tasks': {
        let rows = this.tasks.filter(
          (t) =>
            (f.client_id == null || t.client_id === f.client_id) &&
            (f.assignee_id == null || t.assignee_id === f.assignee_id) &&
            (f.status == null || t.status === f.status) &&
            (f.priority == null || t.priority === f.priority) &&
            (!f.open_only || t.status !== 'terminee') &&
            this.inRange(t.due_date, f.due_from, f.due_to),
        );
        rows = this.searched(rows, query.search, (t) => [t.title, this.clientName(t.client_id)]);
        const status: Record<string, number> = { en_retard: 0, a_faire: 1, en_cours: 2, terminee: 3 };
        const priority: Record<string, number> = { basse: 0, normale: 1, haute: 2, urgente: 3 };
        const keys: Record<string, (t: StoredTask) => string | number | null> = {
          due_date: (t) => t.due_date,
          client: (t) => this.clientName(t.client_id),
          title: (t) => t.title,
          status: (t) => status[t.status],
          priority: (t) => priority[t.priority],
          assignee: (t) => this.personName(t.assignee_id),
        };
        return this.delayed(page(sorted(rows, keys[query.sort ?? 'due_date'], dir).map((t) => this.showTask(t)), query));
      }
      case 'get_task':
        return this.showTask(this.task(id));
      case 'create_task': {
        const t = { id: this.nextId(), ...this.checkTaskDraft(draft) };
        this.tasks.push(t);
        return this.showTask(t);
      }
      case 'update_task': {
        const t = this.task(id);
        Object.assign(t, this.checkTaskDraft(draft));
        if (t.status === 'terminee') this.stopAlerts(`task:${id}`);
        return this.showTask(t);
      }
      case 'set_task_done': {
        const t = this.task(id);
        const done = args.done as boolean;
        if (done) t.status = 'terminee';
        else if (t.status === 'terminee') t.status = t.due_date < this.today ? 'en_retard' : 'a_faire';
        const stopped = done ? this.stopAlerts(`task:${id}`) : 0;
        return { record: this.showTask(t), alerts: { notifications: stopped, emails_rewritten: 0, emails_withdrawn: 0 } };
      }
      case 'task_delete_impact':
        this.task(id);
        return this.subjectImpact(`task:${id}`);
      case 'delete_task': {
        this.task(id);
        const impact = this.subjectImpact(`task:${id}`);
        this.deleteAlerts([`task:${id}`]);
        this.tasks = this.tasks.filter((t) => t.id !== id);
        return impact;
      }
      // Events
      case 'list_events': {
        let rows = this.events.filter(
          (e) =>
            (f.client_id == null || e.client_id === f.client_id) &&
            (f.audience_id == null || e.audience_id === f.audience_id) &&
            (f.importance == null || e.importance === f.importance) &&
            this.inRange(e.starts_local.slice(0, 10), f.from, f.to),
        );
        rows = this.searched(rows, query.search, (e) => [e.title, this.clientName(e.client_id)]);
        const keys: Record<string, (e: StoredEvent) => string | number | null> = {
          starts_at: (e) => e.starts_local,
          client: (e) => this.clientName(e.client_id),
          title: (e) => e.title,
          importance: (e) => (e.importance === 'haute' ? 0 : 1),
          audience: (e) => this.personName(e.audience_id),
        };
        return this.delayed(page(sorted(rows, keys[query.sort ?? 'starts_at'], dir).map((e) => this.showEvent(e)), query));
      }
      case 'get_event':
        return this.showEvent(this.event(id));
      case 'create_event': {
        const e = { id: this.nextId(), ...this.checkEventDraft(draft) };
        this.events.push(e);
        return this.showEvent(e);
      }
      case 'update_event': {
        const e = this.event(id);
        const v = this.checkEventDraft(draft);
        if (v.starts_local !== e.starts_local) this.deleteAlerts([`event:${id}`]);
        Object.assign(e, v);
        return this.showEvent(e);
      }
      case 'event_delete_impact':
        this.event(id);
        return this.subjectImpact(`event:${id}`);
      case 'delete_event': {
        this.event(id);
        const impact = this.subjectImpact(`event:${id}`);
        this.deleteAlerts([`event:${id}`]);
        this.events = this.events.filter((e) => e.id !== id);
        return impact;
      }
      // Staff
      case 'list_staff': {
        let rows = this.staff.filter((s) => (f.role == null || s.role === f.role) && (f.active == null || s.active === f.active));
        rows = this.searched(rows, query.search, (s) => [s.name, s.email]);
        const role: Record<string, number> = { expert: 0, collaborateur: 1, assistant: 2 };
        const keys: Record<string, (s: StaffMember) => string | number | null> = {
          name: (s) => s.name,
          email: (s) => s.email,
          role: (s) => role[s.role],
          active: (s) => (s.active ? 0 : 1),
        };
        // Copies, as the IPC would give: the window must never hold the fake's own rows.
        return this.delayed(page(sorted(rows, keys[query.sort ?? 'name'], dir).map((s) => ({ ...s })), query));
      }
      case 'get_staff':
        return { ...(this.staff.find((s) => s.id === id) ?? notFound('staff', id)) };
      case 'create_staff': {
        const s: StaffMember = { id: this.nextId(), cabinet_id: 1, ...this.checkStaffDraft(draft, null) };
        this.staff.push(s);
        return { ...s };
      }
      case 'update_staff': {
        const s = this.staff.find((p) => p.id === id) ?? notFound('staff', id);
        Object.assign(s, this.checkStaffDraft(draft, id));
        return { ...s };
      }
      case 'staff_removal_impact':
        return this.staffImpact(id);
      case 'remove_staff': {
        const impact = this.staffImpact(id);
        if (impact.removal === 'deleted') this.staff = this.staff.filter((s) => s.id !== id);
        else {
          const s = this.staff.find((p) => p.id === id);
          if (s) s.active = false;
        }
        return impact;
      }
      default:
        return undefined;
    }
  }

  /** A list's answer, after `listDelay` when a test asks for slow answers. */
  delayed<T>(answer: T): T | Promise<T> {
    if (this.listDelay <= 0) return answer;
    return new Promise((resolve) => setTimeout(() => resolve(answer), this.listDelay));
  }

  deadline(id: number): StoredDeadline {
    return this.deadlines.find((d) => d.id === id) ?? notFound('deadline', id);
  }

  document(id: number): StoredDocument {
    return this.documents.find((d) => d.id === id) ?? notFound('document', id);
  }

  task(id: number): StoredTask {
    return this.tasks.find((t) => t.id === id) ?? notFound('task', id);
  }

  event(id: number): StoredEvent {
    return this.events.find((e) => e.id === id) ?? notFound('event', id);
  }

  clientPage(id: number): ClientPage {
    const c = this.client(id);
    const byDue = <T extends { due_date: string; id: number }>(rows: T[]) => sorted(rows, (r) => r.due_date, 'asc');
    const subjects = this.clientSubjects(id);
    const notifications: ClientAlert[] = this.alerts
      .filter((a) => subjects.includes(a.subject))
      .sort((a, b) => b.id - a.id)
      .slice(0, 20)
      .map((a) => ({ id: a.id, kind: a.kind, title: a.title, created_at: a.created_at, recipient: this.person(a.recipient_id)!, read: a.read }));
    const mine = {
      deadlines: this.deadlines.filter((d) => d.client_id === id),
      documents: this.documents.filter((d) => d.client_id === id),
      tasks: this.tasks.filter((t) => t.client_id === id),
      events: this.events.filter((e) => e.client_id === id),
    };
    return {
      client: this.showClient(c),
      open_deadlines: byDue(mine.deadlines.filter((d) => d.status !== 'faite')).map((d) => this.showDeadline(d)),
      missing_documents: byDue(mine.documents.filter((d) => !d.received_on)).map((d) => this.showDocument(d)),
      open_tasks: byDue(mine.tasks.filter((t) => t.status !== 'terminee')).map((t) => this.showTask(t)),
      upcoming_events: sorted(mine.events.filter((e) => e.starts_local >= this.today), (e) => e.starts_local, 'asc').map((e) => this.showEvent(e)),
      counts: {
        open_deadlines: mine.deadlines.filter((d) => d.status !== 'faite').length,
        done_deadlines: mine.deadlines.filter((d) => d.status === 'faite').length,
        missing_documents: mine.documents.filter((d) => !d.received_on).length,
        received_documents: mine.documents.filter((d) => !!d.received_on).length,
        open_tasks: mine.tasks.filter((t) => t.status !== 'terminee').length,
        done_tasks: mine.tasks.filter((t) => t.status === 'terminee').length,
        upcoming_events: mine.events.filter((e) => e.starts_local >= this.today).length,
        past_events: mine.events.filter((e) => e.starts_local < this.today).length,
      },
      notifications,
    };
  }
}
