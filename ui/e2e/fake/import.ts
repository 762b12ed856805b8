// The fake shell's CSV import: the kinds and their columns as the engine lists them, and a
// preview that reads the file as the engine would, enough for the screen's tests (separator,
// UTF-8 or Windows-1252, headers through a few French aliases, dates, SIRENs, emails), with the
// engine's French wording for the problems it finds.

import type {
  ColumnNeed,
  ImportKind,
  ImportKindInfo,
  ImportPreview,
  ImportSummary_Serialize as ImportSummary,
  PreviewProblem,
  PreviewRow,
} from '../../src/lib/bindings';

const NBSP = '\u00a0';

type Check = 'date' | 'datetime' | 'siren' | 'email' | 'text';

interface FakeColumn {
  name: string;
  label: string;
  need: ColumnNeed;
  aliases: string[];
  check: Check;
}

const col = (name: string, label: string, need: ColumnNeed, aliases: string[], check: Check = 'text'): FakeColumn => ({
  name,
  label,
  need,
  aliases,
  check,
});

const CLIENT = [
  col('client_siren', 'SIREN du client', 'one_of', ['siren', 'siren_client', 'n°_siren'], 'siren'),
  col('client_name', 'Nom du client', 'one_of', ['client', 'nom_client']),
];

const KINDS: { kind: ImportKind; label: string; columns: FakeColumn[] }[] = [
  {
    kind: 'staff',
    label: 'Équipe',
    columns: [
      col('name', 'Nom', 'required', ['nom', 'collaborateur']),
      col('email', 'Adresse e-mail', 'required', ['courriel', 'e_mail', 'mail'], 'email'),
      col('role', 'Fonction', 'required', ['fonction', 'poste']),
      col('active', 'Actif', 'optional', ['actif']),
    ],
  },
  {
    kind: 'clients',
    label: 'Clients',
    columns: [
      col('name', 'Nom', 'required', ['nom', 'raison_sociale', 'client']),
      col('siren', 'SIREN', 'optional', ['numero_siren', 'n°_siren'], 'siren'),
      col('manager_email', 'Responsable du dossier (e-mail)', 'optional', ['responsable'], 'email'),
      col('vat_regime', 'Régime de TVA', 'optional', ['regime_tva', 'tva']),
      col('fiscal_year_end', 'Clôture de l’exercice', 'optional', ['cloture', 'date_de_cloture']),
      col('legal_form', 'Forme juridique', 'optional', ['forme_juridique']),
    ],
  },
  {
    kind: 'deadlines',
    label: 'Échéances',
    columns: [
      ...CLIENT,
      col('kind', 'Type d’échéance', 'required', ['type', 'nature']),
      col('label', 'Libellé', 'required', ['libelle', 'intitule']),
      col('due_date', 'Date limite', 'required', ['echeance', 'date_limite', 'date_echeance'], 'date'),
      col('assignee_email', 'Attribuée à (e-mail)', 'optional', ['responsable'], 'email'),
      col('status', 'Statut', 'optional', ['statut', 'etat']),
    ],
  },
  {
    kind: 'documents',
    label: 'Documents',
    columns: [
      ...CLIENT,
      col('label', 'Libellé', 'required', ['libelle', 'piece', 'document']),
      col('requested_on', 'Date de la demande', 'required', ['demande_le', 'date_demande'], 'date'),
      col('due_date', 'Date limite', 'required', ['date_limite', 'attendu_le', 'echeance'], 'date'),
      col('received_on', 'Date de réception', 'optional', ['recu_le'], 'date'),
      col('owner_email', 'Suivi par (e-mail)', 'optional', ['responsable', 'suivi_par'], 'email'),
    ],
  },
  {
    kind: 'tasks',
    label: 'Tâches',
    columns: [
      ...CLIENT.map((c) => ({ ...c, need: 'optional' as ColumnNeed })),
      col('title', 'Titre', 'required', ['titre', 'tache']),
      col('assignee_email', 'Attribuée à (e-mail)', 'optional', ['responsable'], 'email'),
      col('due_date', 'Date limite', 'required', ['date_limite', 'echeance'], 'date'),
      col('status', 'Statut', 'optional', ['statut']),
      col('priority', 'Priorité', 'optional', ['priorite']),
    ],
  },
  {
    kind: 'events',
    label: 'Événements',
    columns: [
      ...CLIENT.map((c) => ({ ...c, need: 'optional' as ColumnNeed })),
      col('title', 'Titre', 'required', ['titre', 'evenement']),
      col('starts_at', 'Date et heure', 'required', ['debut', 'date', 'le'], 'datetime'),
      col('importance', 'Importance', 'optional', ['niveau']),
      col('audience_email', 'Destinataire (e-mail)', 'optional', ['destinataire'], 'email'),
    ],
  },
];

/** The SIRENs of clients the fake cabinet already has: rows naming them are updates. */
const KNOWN_SIRENS = new Set(['732829320', '552100554']);

function normalize(header: string): string {
  return header
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim()
    .replace(/[\s'’-]+/g, '_');
}

function quoted(value: string): string {
  return `«${NBSP}${value}${NBSP}»`;
}

function decode(base64: string): string {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** The rows of a CSV text with their line numbers (quotes, separators inside them). */
function parseCsv(text: string): { line: number; cells: string[] }[] {
  const body = text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
  const header = body.split('\n')[0] ?? '';
  const counts = [';', ',', '\t'].map((s) => header.split(s).length);
  const sep = [';', ',', '\t'][counts.indexOf(Math.max(...counts))];
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        cell += c;
      }
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === sep) {
      cells.push(cell.trim());
      cell = '';
    } else if (c === '\n') {
      cells.push(cell.trim());
      rows.push({ line: start, cells });
      cells = [];
      cell = '';
      line++;
      start = line;
    } else cell += c;
  }
  if (cell !== '' || cells.length > 0) {
    cells.push(cell.trim());
    rows.push({ line: start, cells });
  }
  return rows;
}

function validDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text) ?? /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = text.includes('/') ? [+m[3], +m[2], +m[1]] : [+m[1], +m[2], +m[3]];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return y >= 1900 && y <= 2199 && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function sirenProblem(text: string): string | null {
  const digits = text.replace(/[ .\u00a0]/g, '');
  if (!/^\d{9}$/.test(digits)) return `${quoted(text)} n’est pas un numéro SIREN : il compte 9 chiffres`;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let d = +digits[8 - i];
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  if (sum % 10 !== 0) {
    return `${quoted(text)} n’est pas un numéro SIREN valide : la clé de contrôle ne correspond pas, vérifiez la saisie`;
  }
  return null;
}

function cellProblem(check: Check, value: string): string | null {
  switch (check) {
    case 'date':
      return validDate(value) ? null : `${quoted(value)} n’est pas une date valide (écrivez-la comme 31/12/2026 ou 2026-12-31)`;
    case 'datetime': {
      const [date, time] = value.split(/[T ]/);
      return validDate(date ?? '') && /^\d{2}:\d{2}(:\d{2})?$/.test(time ?? '')
        ? null
        : `${quoted(value)} n’est pas une date et heure valide (écrivez-la comme 01/12/2026 09:30 ou 2026-12-01T09:30)`;
    }
    case 'siren':
      return sirenProblem(value);
    case 'email':
      return /^[^@\s]+@[^@\s]+\.[^@\s.]+$/.test(value) ? null : `${quoted(value)} n’est pas une adresse e-mail valide`;
    default:
      return null;
  }
}

export class FakeImport {
  /** Keys imported so far: a second import of the same rows updates them. */
  imported = new Set<string>();

  handle(cmd: string, args: Record<string, unknown>): unknown {
    switch (cmd) {
      case 'import_kinds':
        return KINDS.map<ImportKindInfo>((k) => ({
          kind: k.kind,
          label: k.label,
          columns: k.columns.map((c) => ({ name: c.name, label: c.label, need: c.need })),
        }));
      case 'preview_import':
        return this.preview(args.kind as ImportKind, args.fileName as string, args.contentBase64 as string);
      case 'import_file': {
        const kind = args.kind as ImportKind;
        const file = args.fileName as string;
        const p = this.preview(kind, file, args.contentBase64 as string);
        if (!p.importable) {
          const lines = new Set(p.problems.map((q) => q.line)).size;
          const head = p.readable
            ? `Le fichier n’a pas été importé : ${lines < 2 ? '1 ligne' : `${lines} lignes`} à corriger.`
            : 'Le fichier n’a pas été importé : il ne peut pas être lu tel quel, corrigez-le puis importez-le à nouveau.';
          throw { code: 'import_refused', message: [head, ...p.problems.map((q) => `${file}, ${q.text}`)].join('\n'), details: {} };
        }
        for (const key of this.keys(kind, decode(args.contentBase64 as string))) this.imported.add(key);
        const summary: ImportSummary = {
          kind,
          file,
          created: p.created,
          updated: p.updated,
          warnings: p.warnings,
          welcomed: kind === 'staff' ? p.created : 0,
          welcome_failure: null,
          alerts: { notifications: 0, emails_rewritten: 0, emails_withdrawn: 0 },
        };
        return summary;
      }
      default:
        return undefined;
    }
  }

  private keys(kind: ImportKind, text: string): string[] {
    return parseCsv(text)
      .slice(1)
      .map((r) => `${kind}|${r.cells.join('|')}`);
  }

  preview(kind: ImportKind, file: string, base64: string): ImportPreview {
    const spec = KINDS.find((k) => k.kind === kind) ?? KINDS[0];
    const rows = parseCsv(decode(base64)).filter((r, i) => i === 0 || r.cells.some((c) => c !== ''));
    const headers = rows[0]?.cells ?? [];
    const names = headers.map(normalize);
    const positions = spec.columns.map((c) => names.findIndex((n) => n === c.name || c.aliases.includes(n)));
    const problems: PreviewProblem[] = [];
    const problem = (line: number, column: string, reason: string): void => {
      const place = column === 'row' ? '' : column === 'header' ? ' (en-tête)' : `, colonne ${column}`;
      problems.push({ line, column, reason, text: `ligne ${line}${place} : ${reason}` });
    };
    const found = headers.join(', ');
    spec.columns.forEach((c, i) => {
      if (c.need === 'required' && positions[i] < 0) problem(1, c.name, `colonne obligatoire absente (en-tête trouvé : ${found})`);
    });
    const oneOf = spec.columns.filter((c) => c.need === 'one_of');
    if (oneOf.length > 0 && oneOf.every((c) => positions[spec.columns.indexOf(c)] < 0)) {
      problem(1, oneOf[0].name, `colonne obligatoire absente (l’en-tête doit avoir ${oneOf.map((c) => c.name).join(' ou ')} ; en-tête trouvé : ${found})`);
    }
    const base = { kind, file, warnings: [] as string[], rows: [] as PreviewRow[], total_rows: 0, created: 0, updated: 0 };
    if (problems.length > 0) return { ...base, columns: [], problems, importable: false, readable: false };

    const expected = spec.columns.map((c) => c.name).join(', ');
    const warnings = headers
      .map((h, i) => (h !== '' && !positions.includes(i) ? `la colonne ${quoted(h)} n’est pas lue (colonnes attendues : ${expected})` : null))
      .filter((w): w is string => w !== null);
    const matched = spec.columns
      .map((c, i) => ({ c, at: positions[i] }))
      .filter((m) => m.at >= 0)
      .sort((a, b) => a.at - b.at);
    const data = rows.slice(1);
    let created = 0;
    let updated = 0;
    const outcomes = data.map((r) => {
      const before = problems.length;
      for (const { c, at } of matched) {
        const value = r.cells[at] ?? '';
        if (value === '') {
          if (c.need === 'required') problem(r.line, c.name, 'obligatoire, mais la cellule est vide');
          continue;
        }
        const wrong = cellProblem(c.check, value);
        if (wrong) problem(r.line, c.name, wrong);
      }
      if (problems.length > before) return 'invalid' as const;
      const siren = kind === 'clients' ? (r.cells[positions[1]] ?? '').replace(/\D/g, '') : '';
      const update = this.imported.has(`${kind}|${r.cells.join('|')}`) || KNOWN_SIRENS.has(siren);
      if (update) updated++;
      else created++;
      return update ? ('update' as const) : ('create' as const);
    });
    return {
      ...base,
      columns: matched.map(({ c, at }) => ({ header: headers[at], column: c.name, label: c.label })),
      warnings,
      rows: data.slice(0, 10).map((r, i) => ({ line: r.line, cells: matched.map(({ at }) => r.cells[at] ?? ''), outcome: outcomes[i] })),
      total_rows: data.length,
      created,
      updated,
      problems,
      importable: problems.length === 0,
      readable: true,
    };
  }
}
