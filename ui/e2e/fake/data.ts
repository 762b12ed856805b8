// Realistic French demo-like data for the fake backend: a small cabinet, its clients, and
// notifications worded exactly as the engine words them (titles "… — client", bodies with
// long French dates), placed around a fixed "now".

import type {
  AlertKind,
  CabinetStaff,
  ClientRef_Serialize as ClientRef,
  Notification_Serialize as Notification,
  SubjectDetail_Serialize as SubjectDetail,
} from '../../src/lib/bindings';
import { longDate } from '../../src/lib/french';

export interface FakeNotification extends Notification {
  clientRef: ClientRef | null;
  detail: SubjectDetail;
}

export const CABINET = 'Cabinet Démo';

export const DIRECTORY_DEMO: CabinetStaff[] = [
  {
    cabinet: CABINET,
    members: [
      { name: 'Claire Moreau', email: 'claire.moreau@cabinet-demo.fr', role: 'expert' },
      { name: 'Julien Lefèvre', email: 'julien.lefevre@cabinet-demo.fr', role: 'collaborateur' },
      { name: 'Nadia Benali', email: 'nadia.benali@cabinet-demo.fr', role: 'assistant' },
      { name: 'Philippe Garnier', email: 'philippe.garnier@cabinet-demo.fr', role: 'expert' },
      { name: 'Sophie Martin', email: 'sophie.martin@cabinet-demo.fr', role: 'collaborateur' },
    ],
  },
];

export const DIRECTORY_TWO: CabinetStaff[] = [
  ...DIRECTORY_DEMO,
  {
    cabinet: 'Cabinet Fabre & Associés',
    members: [
      { name: 'Hélène Fabre', email: 'helene.fabre@fabre-associes.fr', role: 'expert' },
      { name: 'Marc Roussel', email: 'marc.roussel@fabre-associes.fr', role: 'collaborateur' },
    ],
  },
];

export const CLIENTS: Record<string, ClientRef> = {
  boulangerie: { id: 1, name: 'Boulangerie Martin SARL', siren: '412345670' },
  tilleuls: { id: 2, name: 'SCI Les Tilleuls', siren: '533218904' },
  garage: { id: 3, name: 'Garage Martin & Fils', siren: '389502117' },
  pharmacie: { id: 4, name: 'Pharmacie du Centre', siren: '451980236' },
  transports: { id: 5, name: 'Transports Lemoine', siren: '702145893' },
  zinc: { id: 6, name: 'Restaurant Le Petit Zinc', siren: '818760342' },
  nexa: { id: 7, name: 'Nexa Conseil', siren: '901234566' },
  girard: { id: 8, name: 'Imprimerie Girard', siren: '347891205' },
  atelier: { id: 9, name: 'Atelier Bois & Design', siren: '879654310' },
  fabre: { id: 10, name: 'Docteur Hélène Fabre', siren: null },
  editions: { id: 11, name: 'Éditions du Rhône', siren: '562314780' },
  horizon: { id: 12, name: 'Agence Horizon Immobilier', siren: '790456128' },
};

const DAY = 86_400_000;

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  return new Date(d.getTime() + days * DAY).toISOString().slice(0, 10);
}

function daysWord(n: number): string {
  return Math.abs(n) <= 1 ? `${n} jour` : `${n} jours`;
}

function inDays(n: number): string {
  return n === 0 ? "aujourd'hui" : n === 1 ? 'demain' : `dans ${n} jours`;
}

function shortFr(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

type Spec =
  | { kind: 'deadline'; client: keyof typeof CLIENTS; label: string; code: string; days: number; status?: 'a_faire' | 'en_cours' | 'depassee'; assignee?: string; period?: string; source?: string }
  | { kind: 'document'; client: keyof typeof CLIENTS; label: string; requestedDaysAgo: number; days: number; owner?: string }
  | { kind: 'task'; client: keyof typeof CLIENTS | null; title: string; lateDays: number; priority: 'basse' | 'normale' | 'haute' | 'urgente'; assignee?: string }
  | { kind: 'event'; client: keyof typeof CLIENTS | null; title: string; days: number; time: string; importance?: 'normale' | 'haute' }
  | { kind: 'gone'; title: string; body: string; alert: AlertKind };

/** One notification as the engine would raise it `today` (a "YYYY-MM-DD" in the cabinet). */
export function raise(spec: Spec, id: number, today: string, createdAt: string, read: boolean): FakeNotification {
  const base = { id, created_at: createdAt, read, snoozed_until: null, archived_at: null };
  switch (spec.kind) {
    case 'deadline': {
      const c = CLIENTS[spec.client];
      const due = addDays(today, spec.days);
      const past = spec.days < 0;
      return {
        ...base,
        kind: 'echeance_proche',
        title: past ? `Échéance dépassée : ${spec.label} — ${c.name}` : `Échéance ${inDays(spec.days)} : ${spec.label} — ${c.name}`,
        body: past
          ? `${spec.label} pour ${c.name} était à rendre le ${longDate(due)} (${daysWord(-spec.days)} de retard) et n'est pas marquée faite.`
          : `${spec.label} pour ${c.name} est à rendre le ${longDate(due)}.`,
        client: c.name,
        clientRef: c,
        detail: {
          type: 'deadline',
          id: id * 10 + 1,
          label: spec.label,
          kind: spec.code,
          due_date: due,
          status: spec.status ?? (past ? 'depassee' : 'a_faire'),
          assignee: spec.assignee ?? null,
          period: spec.period ?? null,
          legal_date: null,
          source: spec.source ?? null,
        },
      };
    }
    case 'document': {
      const c = CLIENTS[spec.client];
      const due = addDays(today, spec.days);
      const requested = addDays(today, -spec.requestedDaysAgo);
      const when =
        spec.days < 0
          ? `attendu depuis le ${longDate(due)} (${daysWord(-spec.days)} de retard)`
          : `attendu le ${longDate(due)} (${inDays(spec.days)})`;
      return {
        ...base,
        kind: 'documents_manquants',
        title: `Document manquant : ${spec.label} — ${c.name}`,
        body: `${c.name} n'a pas encore transmis « ${spec.label} », demandé le ${shortFr(requested)} et ${when}.`,
        client: c.name,
        clientRef: c,
        detail: {
          type: 'document',
          id: id * 10 + 2,
          label: spec.label,
          requested_on: requested,
          due_date: due,
          received_on: null,
          owner: spec.owner ?? null,
        },
      };
    }
    case 'task': {
      const c = spec.client ? CLIENTS[spec.client] : null;
      const due = addDays(today, -spec.lateDays);
      return {
        ...base,
        kind: 'taches_retard',
        title: `Tâche en retard : ${spec.title}${c ? ` — ${c.name}` : ''}`,
        body: `« ${spec.title} » était prévue pour le ${longDate(due)} : ${daysWord(spec.lateDays)} de retard (priorité ${spec.priority}).`,
        client: c?.name ?? null,
        clientRef: c,
        detail: {
          type: 'task',
          id: id * 10 + 3,
          title: spec.title,
          due_date: due,
          status: 'en_retard',
          priority: spec.priority,
          assignee: spec.assignee ?? null,
        },
      };
    }
    case 'event': {
      const c = spec.client ? CLIENTS[spec.client] : null;
      const day = addDays(today, spec.days);
      const [hh, mm] = spec.time.split(':').map(Number);
      // The cabinet is in Europe/Paris, UTC+1 in winter.
      const startsAt = new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)), hh - 1, mm)).toISOString().replace('.000Z', 'Z');
      return {
        ...base,
        kind: 'evenement_important',
        title: `Événement important ${inDays(spec.days)} : ${spec.title}${c ? ` — ${c.name}` : ''}`,
        body: `« ${spec.title} » a lieu le ${longDate(day)} à ${spec.time}.`,
        client: c?.name ?? null,
        clientRef: c,
        detail: { type: 'event', id: id * 10 + 4, title: spec.title, starts_at: startsAt, importance: spec.importance ?? 'haute' },
      };
    }
    case 'gone':
      return { ...base, kind: spec.alert, title: spec.title, body: spec.body, client: null, clientRef: null, detail: { type: 'gone' } };
  }
}

/** The demo inbox, oldest first: [spec, minutes before now, read]. */
const DEMO: [Spec, number, boolean][] = [
  [{ kind: 'task', client: 'editions', title: 'Relance honoraires septembre', lateDays: 12, priority: 'basse', assignee: 'Nadia Benali' }, 60 * 24 * 9 + 200, true],
  [{ kind: 'document', client: 'horizon', label: 'Grand livre fournisseurs', requestedDaysAgo: 30, days: -8, owner: 'Julien Lefèvre' }, 60 * 24 * 8 + 30, true],
  [{ kind: 'gone', alert: 'taches_retard', title: 'Tâche en retard : Saisie des notes de frais — Atelier Bois & Design', body: '« Saisie des notes de frais » était prévue pour le vendredi 13 novembre 2026 : 12 jours de retard (priorité normale).' }, 60 * 24 * 7 + 90, true],
  [{ kind: 'deadline', client: 'girard', label: 'DSN mensuelle octobre', code: 'dsn', days: -20, status: 'depassee', assignee: 'Nadia Benali' }, 60 * 24 * 6 + 45, true],
  [{ kind: 'event', client: null, title: 'Formation loi de finances 2027', days: 8, time: '09:30', importance: 'haute' }, 60 * 24 * 5 + 120, true],
  [{ kind: 'document', client: 'tilleuls', label: 'Quittances de loyer octobre', requestedDaysAgo: 20, days: -4, owner: 'Philippe Garnier' }, 60 * 24 * 4 + 300, true],
  [{ kind: 'task', client: 'pharmacie', title: 'Révision du bilan 2025-2026', lateDays: 5, priority: 'haute', assignee: 'Claire Moreau' }, 60 * 24 * 3 + 200, false],
  [{ kind: 'deadline', client: 'nexa', label: 'TVA CA3 octobre', code: 'tva_ca3', days: 0, status: 'en_cours', assignee: 'Claire Moreau' }, 60 * 24 * 2 + 60, true],
  [{ kind: 'document', client: 'zinc', label: 'Inventaire des stocks au 30/09/2026', requestedDaysAgo: 40, days: -15, owner: 'Sophie Martin' }, 60 * 24 * 2 + 30, false],
  [{ kind: 'deadline', client: 'zinc', label: 'TVA CA3 octobre', code: 'tva_ca3', days: -1, status: 'depassee', assignee: 'Sophie Martin' }, 60 * 24 + 240, false],
  [{ kind: 'event', client: 'garage', title: 'Rendez-vous bilan avec le gérant', days: 2, time: '14:30', importance: 'haute' }, 60 * 24 + 120, true],
  [{ kind: 'task', client: 'transports', title: 'Préparer le dossier de rescrit CIR', lateDays: 2, priority: 'urgente', assignee: 'Claire Moreau' }, 60 * 20, false],
  [{ kind: 'document', client: 'tilleuls', label: "Factures d'entretien de l'immeuble", requestedDaysAgo: 12, days: 3, owner: 'Philippe Garnier' }, 60 * 6, true],
  [{ kind: 'deadline', client: 'transports', label: 'DSN mensuelle novembre', code: 'dsn', days: 12, assignee: 'Nadia Benali' }, 60 * 4 + 10, false],
  [{ kind: 'deadline', client: 'boulangerie', label: 'Acompte IS décembre', code: 'is_acompte', days: 20, assignee: 'Julien Lefèvre', period: 'EX-2026-4', source: 'CGI art. 1668 ; CGI ann. III art. 359 et 360' }, 60 * 3, false],
  [{ kind: 'document', client: 'boulangerie', label: 'Relevés bancaires octobre', requestedDaysAgo: 23, days: -9, owner: 'Julien Lefèvre' }, 60 * 2 + 5, false],
  [{ kind: 'event', client: 'transports', title: 'Début du contrôle fiscal', days: 1, time: '09:00', importance: 'haute' }, 60 + 20, false],
  [{ kind: 'deadline', client: 'boulangerie', label: 'TVA CA3 novembre', code: 'tva_ca3', days: 5, status: 'a_faire', assignee: 'Julien Lefèvre' }, 25, false],
];

export function demoInbox(now: Date, today: string): FakeNotification[] {
  return DEMO.map(([spec, minutesAgo, read], i) =>
    raise(spec, i + 1, today, iso(new Date(now.getTime() - minutesAgo * 60_000)), read),
  );
}

/** New arrivals, one after the other (live-arrival tests). */
const ARRIVALS: Spec[] = [
  { kind: 'document', client: 'girard', label: 'Relevés bancaires novembre', requestedDaysAgo: 10, days: 2, owner: 'Julien Lefèvre' },
  { kind: 'deadline', client: 'pharmacie', label: 'Acompte de CVAE décembre', code: 'cvae', days: 20, assignee: 'Claire Moreau' },
  { kind: 'task', client: 'atelier', title: 'Lettre de mission 2027 à signer', lateDays: 1, priority: 'normale', assignee: 'Sophie Martin' },
  { kind: 'event', client: 'editions', title: 'Assemblée générale annuelle', days: 6, time: '10:00', importance: 'haute' },
];

export function arrival(n: number, id: number, now: Date, today: string): FakeNotification {
  return raise(ARRIVALS[n % ARRIVALS.length], id, today, iso(now), false);
}

/** A long inbox (scrolling tests): `count` notifications, one every 7 minutes back from now. */
export function bulkInbox(count: number, now: Date, today: string): FakeNotification[] {
  const out: FakeNotification[] = [];
  for (let i = 0; i < count; i++) {
    const [spec] = DEMO[i % DEMO.length];
    const minutesAgo = (count - i) * 7;
    out.push(raise(spec, i + 1, today, iso(new Date(now.getTime() - minutesAgo * 60_000)), i % 3 !== 0));
  }
  return out;
}

export function iso(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
