// The fake shell's scheduled jobs, outbox and log: what the engine answers for the demo
// cabinet, in memory, with the few schedules the tests type.

import type {
  Job,
  JobMonitor_Serialize as JobMonitor,
  JobPanel_Serialize as JobPanel,
  JobRun_Serialize as JobRun,
  LogEntry,
  LogLevel,
  LogPage,
  OutboxRow_Serialize as OutboxRow,
  PasswordState,
  Pause,
  SchedulePreview,
  SettingEntry,
  SmtpChanges_Deserialize as SmtpChanges,
  SmtpPanel_Serialize as SmtpPanel,
  SmtpSettings_Serialize as SmtpSettings,
} from '../../src/lib/bindings';
import { CABINET } from './data';

const NBSP = '\u00a0';

/** The descriptions the engine gives for the schedules the tests use. */
const KNOWN: Record<string, string> = {
  '0 9,14 * * *': `tous les jours à 9${NBSP}h et 14${NBSP}h`,
  '0 8 * * 1': `le lundi à 8${NBSP}h`,
  '0 3 * * 0': `le dimanche à 3${NBSP}h`,
  '30 0 * * *': `tous les jours à 0${NBSP}h${NBSP}30`,
  '30 8 * * 1-5': `du lundi au vendredi à 8${NBSP}h${NBSP}30`,
};

const LEVELS: LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error'];

function hours(from: Date, ...offsets: number[]): string[] {
  return offsets.map((h) => new Date(from.getTime() + h * 3_600_000).toISOString());
}

/** Each default schedule's next five runs from the fake's Wednesday 25 November 2026, 11 h in
 *  Paris (hours from then), as the engine computes them. */
const NEXT_RUNS: Record<Job, number[]> = {
  check: [3, 22, 27, 46, 51], // 9 h and 14 h
  weekly_digest: [117, 285, 453, 621, 789], // Mondays at 8 h
  cleanup: [88, 256, 424, 592, 760], // Sundays at 3 h
  status_update: [13.5, 37.5, 61.5, 85.5, 109.5], // every day at 0 h 30
};

export class FakeJobs {
  now: Date;
  crons: Record<Job, string> = {
    check: '0 9,14 * * *',
    weekly_digest: '0 8 * * 1',
    cleanup: '0 3 * * 0',
    status_update: '30 0 * * *',
  };
  pause: Pause = { paused: 'no' };
  runs: JobRun[] = [];
  emails: OutboxRow[];
  logs: LogEntry[];

  constructor(now: Date) {
    this.now = now;
    const at = (h: number) => new Date(now.getTime() + h * 3_600_000).toISOString();
    this.runs = [
      this.run(1, 'status_update', at(-9.5), 'schedule', 'ok', { tasks_late: 2, deadlines_overdue: 1 }),
      this.run(2, 'check', at(-1), 'schedule', 'ok', {
        echeance_proche: 6,
        documents_manquants: 5,
        taches_retard: 4,
        evenement_important: 3,
        emails_queued: 18,
      } as JobRun['counts']),
    ];
    this.emails = [
      this.email(3, 'julien.lefevre@cabinet-demo.fr', 'Échéance dans 5 jours : TVA CA3 novembre', 'failed', at(-1),
        '535 5.7.8 Authentication credentials invalid'),
      this.email(2, 'claire.moreau@cabinet-demo.fr', 'Documents manquants : Relevés bancaires octobre', 'queued', at(-1),
        'connection refused (smtp.cabinet-demo.fr:587)'),
      this.email(1, 'sophie.martin@cabinet-demo.fr', 'Votre semaine : 4 échéances', 'sent', at(-50), null),
    ];
    this.logs = [
      this.log(at(-9.6), 'info', 'vigie::schedule::daemon', 'scheduler started owner=app pid 4242'),
      this.log(at(-1), 'info', 'vigie::schedule::runner', `job finished cabinet=${CABINET} job=check outcome=ok`),
      this.log(at(-0.9), 'warn', 'vigie::email::outbox', 'retry later: connection refused (smtp.cabinet-demo.fr:587)'),
      this.log(at(-0.5), 'error', 'vigie::email::outbox', 'gave up: 535 5.7.8 Authentication credentials invalid\nCaused by:\n    the server refused the login'),
    ];
  }

  run(id: number, job: Job, started: string, trigger: JobRun['trigger'], outcome: JobRun['outcome'], counts: JobRun['counts']): JobRun {
    return {
      id,
      cabinet_id: 1,
      cabinet: CABINET,
      job,
      scheduled_for: started,
      trigger,
      started_at: started,
      finished_at: new Date(new Date(started).getTime() + 420).toISOString(),
      outcome,
      counts,
      error: null,
      duration_ms: 420,
      owner: 'app',
    };
  }

  email(id: number, to: string, subject: string, status: OutboxRow['status'], created: string, error: string | null): OutboxRow {
    return {
      id,
      cabinet: CABINET,
      to,
      template: 'alert',
      subject,
      status,
      attempts: status === 'sent' ? 1 : 3,
      next_attempt_at: new Date(this.now.getTime() + 600_000).toISOString(),
      last_error: error,
      message_id: `<${id}@vigie>`,
      created_at: created,
      sent_at: status === 'sent' ? created : null,
    };
  }

  log(at: string, level: LogLevel, target: string, message: string): LogEntry {
    return { at, level, target, message, file: `vigie.${at.slice(0, 10)}.log` };
  }

  describe(cron: string): string {
    return KNOWN[cron] ?? `selon l’expression «${NBSP}${cron}${NBSP}»`;
  }

  /** The engine's refusal of what is not 5 fields or has an hour past 23. */
  check(cron: string): string {
    const text = cron.trim();
    const fields = text.split(/\s+/).filter(Boolean);
    if (fields.length !== 5) {
      throw {
        code: 'invalid_setting',
        message: `La planification «${NBSP}${text}${NBSP}» n'est pas valable (${fields.length} champ(s) donné(s) ; 5 champs attendus : minutes, heures, jour du mois, mois, jour de la semaine, comme « 0 9,14 * * * ») : corrigez-la.`,
        details: {},
      };
    }
    const hour = fields[1].split(/[,-]/).map(Number).find((h) => h > 23);
    if (hour !== undefined) {
      throw {
        code: 'invalid_setting',
        message: `La planification «${NBSP}${text}${NBSP}» n'est pas valable (heures : ${hour} est hors de l’intervalle 0–23) : corrigez-la.`,
        details: {},
      };
    }
    return text;
  }

  panel(job: Job): JobPanel {
    const mine = this.runs.filter((r) => r.job === job);
    const alerting = job === 'check' || job === 'weekly_digest';
    return {
      job,
      cron: this.crons[job],
      description: this.describe(this.crons[job]),
      next_runs: hours(this.now, ...NEXT_RUNS[job]),
      last_instant: mine.at(-1)?.scheduled_for ?? null,
      paused: alerting && this.pause.paused !== 'no',
      running: null,
      stats: {
        job,
        runs: mine.length,
        ok: mine.filter((r) => r.outcome === 'ok').length,
        failures: mine.filter((r) => r.outcome === 'failed').length,
        interrupted: 0,
        not_run: 0,
        mean_duration_ms: mine.length ? 420 : null,
        last_started_at: mine.at(-1)?.started_at ?? null,
      },
    };
  }

  monitor(): JobMonitor {
    const jobs: Job[] = ['check', 'weekly_digest', 'cleanup', 'status_update'];
    return { cabinet: CABINET, timezone: 'Europe/Paris', pause: this.pause, jobs: jobs.map((j) => this.panel(j)) };
  }

  handle(cmd: string, args: Record<string, unknown>): unknown {
    switch (cmd) {
      case 'job_monitor':
        return this.monitor();
      case 'job_history': {
        const job = args.job as Job | null;
        return this.runs.filter((r) => !job || r.job === job).slice().reverse().slice(0, args.limit as number);
      }
      case 'run_job_now': {
        const job = args.job as Job;
        const alerting = job === 'check' || job === 'weekly_digest';
        const outcome = alerting && this.pause.paused !== 'no' ? 'skipped' : 'ok';
        const run = this.run(this.runs.length + 1, job, this.now.toISOString(), 'manual', outcome,
          job === 'check' ? ({ echeance_proche: 0, documents_manquants: 0, taches_retard: 0, evenement_important: 0 } as JobRun['counts']) : {});
        this.runs.push(run);
        return [run];
      }
      case 'preview_schedule': {
        const cron = this.check(args.cron as string);
        const preview: SchedulePreview = { cron, description: this.describe(cron), next_runs: hours(this.now, 22.5, 46.5, 70.5, 94.5, 166.5) };
        return preview;
      }
      case 'set_job_schedule':
        this.crons[args.job as Job] = this.check(args.cron as string);
        return this.monitor();
      case 'pause_alerts':
        this.pause = args.until ? { paused: 'until', until: args.until as string } : { paused: 'indefinite' };
        return this.pause;
      case 'resume_alerts':
        this.pause = { paused: 'no' };
        return null;
      case 'outbox': {
        const status = args.status as OutboxRow['status'] | null;
        return this.emails.filter((e) => !status || e.status === status).slice(0, args.limit as number);
      }
      case 'retry_email': {
        const row = this.emails.find((e) => e.id === args.id);
        if (!row) throw { code: 'not_found', message: 'Cet e-mail n’est plus dans la file d’envoi.', details: {} };
        row.status = 'queued';
        row.next_attempt_at = this.now.toISOString();
        return null;
      }
      case 'log_entries': {
        const q = args.query as { min_level?: LogLevel | null; search?: string | null; limit?: number | null };
        const min = q.min_level ? LEVELS.indexOf(q.min_level) : 0;
        const needle = (q.search ?? '').toLowerCase();
        const entries = this.logs
          .filter((e) => LEVELS.indexOf(e.level) >= min)
          .filter((e) => !needle || e.message.toLowerCase().includes(needle) || e.target.toLowerCase().includes(needle))
          .slice()
          .reverse();
        const page: LogPage = { entries, more: false, files: [`vigie.${this.now.toISOString().slice(0, 10)}.log`] };
        return page;
      }
      default:
        return undefined;
    }
  }
}

/** The fake shell's SMTP screen: a server saved in memory, a test email that a server named
 *  "refuse.example" answers with 535. */
export class FakeSmtp {
  settings: SmtpSettings | null = null;
  passwordStored = false;
  sent: string[] = [];

  panel(): SmtpPanel {
    const password: PasswordState = !this.settings?.user
      ? { state: 'no_login' }
      : this.passwordStored
        ? { state: 'stored' }
        : { state: 'missing' };
    return {
      settings: this.settings,
      password,
      presets: [
        { id: 'gmail', label: 'Gmail (Google Workspace)', host: 'smtp.gmail.com', port: 587, security: 'starttls' },
        { id: 'outlook', label: 'Microsoft 365 / Outlook', host: 'smtp.office365.com', port: 587, security: 'starttls' },
        { id: 'ses:eu-west-3', label: 'Amazon SES (Paris)', host: 'email-smtp.eu-west-3.amazonaws.com', port: 587, security: 'starttls' },
      ],
    };
  }

  handle(cmd: string, args: Record<string, unknown>): unknown {
    switch (cmd) {
      case 'smtp_settings':
        return this.panel();
      case 'save_smtp': {
        const c = args.changes as SmtpChanges;
        if (!c.host) throw { code: 'invalid_input', message: 'Le serveur SMTP (smtp.host) manque : indiquez-le.', details: { key: 'smtp.host' } };
        if (!c.from_email || !c.from_email.includes('@')) {
          throw { code: 'invalid_input', message: 'L’adresse d’envoi (smtp.from_email) manque ou n’est pas une adresse : indiquez-la.', details: { key: 'smtp.from_email' } };
        }
        this.settings = {
          host: c.host,
          port: c.port ?? 587,
          security: c.security ?? 'starttls',
          user: c.user ? c.user : null,
          from_email: c.from_email,
          from_name: c.from_name ?? '',
          ca_file: null,
          timeout_secs: 30,
          allow_cleartext_password: false,
        };
        if (args.password) this.passwordStored = true;
        return this.panel();
      }
      case 'send_test_email': {
        if (!this.settings) throw { code: 'smtp_not_configured', message: 'Aucun serveur d’envoi n’est configuré.', details: {} };
        if (this.settings.host === 'refuse.example') {
          throw { code: 'smtp_auth', message: 'Le serveur SMTP a refusé l’identifiant ou le mot de passe : 535 5.7.8 Authentication credentials invalid', details: {} };
        }
        this.sent.push(args.to as string);
        return null;
      }
      default:
        return undefined;
    }
  }
}

/** The fake shell's cabinet settings, checked as the engine checks days and steps. */
export class FakeSettings {
  entries: SettingEntry[] = [
    ['echeance.horizon_days', '7'],
    ['echeance.steps', '7,3,1,0'],
    ['documents.horizon_days', '7'],
    ['evenements.horizon_days', '2'],
    ['cleanup.read_retention_days', '30'],
    ['outbox.sent_retention_days', '30'],
    ['jobs.history_retention_days', '90'],
  ].map(([key, value]) => ({ key, value, default: value, description: '' }));

  handle(cmd: string, args: Record<string, unknown>): unknown {
    if (cmd === 'cabinet_settings') return this.entries;
    if (cmd !== 'set_cabinet_setting') return undefined;
    const key = args.key as string;
    const value = (args.value as string).trim();
    const parts = key === 'echeance.steps' ? value.split(',') : [value];
    for (const part of parts) {
      const n = Number(part.trim());
      if (!/^\d+$/.test(part.trim()) || n > 366) {
        const reason = /^\d+$/.test(part.trim()) ? '366 jours au plus' : 'un nombre entier de jours est attendu';
        throw {
          code: 'invalid_setting',
          message: `La valeur « ${value} » du réglage ${key} n'est pas valable (${reason}) : remplacez-la.`,
          details: { key, value, reason },
        };
      }
    }
    const entry = this.entries.find((e) => e.key === key);
    if (entry) entry.value = value;
    return this.entries;
  }
}
