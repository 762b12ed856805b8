// The fake shell's "Exporter en CSV": answers the path the file would have in the download
// folder, ` (2)`… for a name already written, as the shell never overwrites a file.

const STEMS: Record<string, string> = {
  clients: 'clients',
  deadlines: 'echeances',
  documents: 'pieces',
  tasks: 'taches',
  events: 'evenements',
  staff: 'equipe',
};

export class FakeExport {
  folder = '/home/claire/Téléchargements';
  /** Every table asked for, with its query, in order. */
  requests: { table: string; query: unknown }[] = [];
  written = new Set<string>();

  constructor(private today: string) {}

  handle(cmd: string, args: Record<string, unknown>): unknown {
    if (cmd !== 'export_table') return undefined;
    const request = args.table as { table: string; query: unknown };
    const stem = STEMS[request.table];
    if (!stem) throw { code: 'invalid_input', message: `Table inconnue : ${request.table}`, details: {} };
    this.requests.push(request);
    const base = `vigie-${stem}-${this.today}`;
    let name = `${base}.csv`;
    for (let n = 2; this.written.has(name); n++) name = `${base} (${n}).csv`;
    this.written.add(name);
    return `${this.folder}/${name}`;
  }
}
