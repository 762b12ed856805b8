// The fake shell's rest of "Réglages": each staff member's channels (kept per id), this
// computer's user's quiet hours (checked as the engine checks them, each wrong field named),
// and the cabinet card.

import type { CabinetCard, Channels, QuietHours_Serialize as QuietHours, UserView } from '../../src/lib/bindings';
import { DIRECTORY_TWO } from './data';

const KINDS = ['echeance_proche', 'documents_manquants', 'taches_retard', 'evenement_important', 'resume_hebdomadaire'];

interface Problem {
  field: 'quiet_from' | 'quiet_until';
  reason: string;
  french: string;
}

const LABELS = { quiet_from: 'début des heures calmes', quiet_until: 'fin des heures calmes' };

/** "19:00", "19h", "7:05" as "HH:MM"; null when it is not a time of day. */
function parseTime(text: string): string | null {
  const t = text.trim().toLowerCase().replace(/h$/, 'h00').replace('h', ':');
  const m = /^(\d{1,2}):(\d{2})$/.exec(t);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return null;
  return `${m[1].padStart(2, '0')}:${m[2]}`;
}

export class FakePreferences {
  /** Channels per staff id, per kind: [email, popup] (both on when never set). */
  channels = new Map<number, Map<string, [boolean, boolean]>>();
  quiet: QuietHours | null = null;

  constructor(private user: () => UserView | null) {}

  /** The user's cabinet's staff, with ids (their place in the directory, from 1). */
  staff(): { id: number; name: string; email: string; role: CabinetCard['staff'][number]['role'] }[] {
    const cabinet = this.user()?.cabinet;
    const members = DIRECTORY_TWO.find((c) => c.cabinet === cabinet)?.members ?? [];
    return members.map((m, i) => ({ id: i + 1, ...m }));
  }

  list(staffId: number): Channels[] {
    if (!this.staff().some((m) => m.id === staffId)) {
      throw {
        code: 'not_found',
        message: `La personne n°\u00a0${staffId} est introuvable dans ce cabinet : elle a peut-être été supprimée. Actualisez la liste.`,
        details: { record: 'staff', id: staffId },
      };
    }
    const mine = this.channels.get(staffId) ?? new Map();
    return KINDS.map((kind) => {
      const [email, popup] = mine.get(kind) ?? [true, true];
      return { kind, email, popup };
    });
  }

  handle(cmd: string, args: Record<string, unknown>): unknown {
    switch (cmd) {
      case 'cabinet_card': {
        const user = this.user() as UserView;
        const staff = this.staff();
        const card: CabinetCard = {
          cabinet: user.cabinet,
          timezone: 'Europe/Paris',
          user,
          user_id: staff.find((m) => m.email === user.email)?.id ?? 0,
          staff: staff
            .map(({ id, name, role }) => ({ id, name, role }))
            .sort((a, b) => a.name.localeCompare(b.name, 'fr')),
        };
        return card;
      }
      case 'staff_channels':
        return this.list(args.staffId as number);
      case 'set_staff_channel': {
        const id = args.staffId as number;
        const before = this.list(id).find((c) => c.kind === args.kind);
        if (!before) throw { code: 'invalid_input', message: `Type d’alerte inconnu : ${String(args.kind)}`, details: {} };
        const email = (args.email as boolean | null) ?? before.email;
        const popup = (args.popup as boolean | null) ?? before.popup;
        const mine = this.channels.get(id) ?? new Map();
        mine.set(before.kind, [email, popup]);
        this.channels.set(id, mine);
        return this.list(id);
      }
      case 'quiet_hours':
        return this.quiet;
      case 'set_quiet_hours':
        return this.setQuiet(String(args.from ?? ''), String(args.until ?? ''));
      default:
        return undefined;
    }
  }

  setQuiet(from: string, until: string): QuietHours | null {
    if (!from.trim() && !until.trim()) {
      this.quiet = null;
      return null;
    }
    const problems: Problem[] = [];
    const read = (field: Problem['field'], text: string): string | null => {
      if (!text.trim()) {
        problems.push({ field, reason: 'required, but empty', french: 'indiquez une heure, par exemple 19:00' });
        return null;
      }
      const t = parseTime(text);
      if (!t) {
        problems.push({
          field,
          reason: `"${text}" is not a time of day`,
          french: `«\u00a0${text.trim()}\u00a0» n'est pas une heure : écrivez HH:MM, par exemple 19:00`,
        });
      }
      return t;
    };
    const f = read('quiet_from', from);
    const u = read('quiet_until', until);
    if (f && u && f === u) {
      problems.push({
        field: 'quiet_until',
        reason: 'quiet hours must start and end at different times',
        french: 'la fin doit différer du début (sinon, rien ou toute la journée ?)',
      });
    }
    if (problems.length > 0) {
      const list = problems.map((p) => `${LABELS[p.field]} : ${p.french}`).join(' ; ');
      const head = problems.length === 1 ? 'un champ est à corriger' : `${problems.length} champs sont à corriger`;
      throw { code: 'invalid_fields', message: `Rien n'a été enregistré, ${head} : ${list}.`, details: { fields: problems } };
    }
    this.quiet = { from: f as string, until: u as string };
    return this.quiet;
  }
}
