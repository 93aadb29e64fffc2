/** The text of `spectrum-convert help`: commands, options, environment and exit codes. */
export const HELP = `spectrum-convert: convert billers from IMT MIPS/APPS to IMT Spectrum

Usage:
  spectrum-convert run [options]                   the nightly batch: convert every due biller in the input folder
  spectrum-convert plan [options]                  the same, writing nothing to the CRM (also: run --dry-run)
  spectrum-convert validate FILE|DIR... [--json]   read and check worksheets; changes nothing
  spectrum-convert template [--out FILE]           write a blank IMT Implementation Worksheet
  spectrum-convert convert FILE|DIR... [--dry-run] [--only ID,...]
                                                   convert the billers of these worksheets now, one by one
  spectrum-convert crm import FILE.csv             load a CRM export into the embedded CRM (all rows or none)
  spectrum-convert crm export [--out FILE.csv] [--reveal-secrets]
                                                   write the embedded CRM as a CRM export (secrets masked)
  spectrum-convert crm show BILLER_ID              one biller's CRM configuration (secrets masked)
  spectrum-convert crm serve [--port N]            the CRM REST contract over the embedded CRM, on loopback
  spectrum-convert rollback --run RUN_ID [--biller ID]... [--force]
                                                   restore the billers a run converted to their state before it
  spectrum-convert history [--limit N] [--biller ID] [--json]
                                                   recent runs, or the whole story of one biller
  spectrum-convert report [--out FILE] [--json]    the conversion tracker from the journal (default OUTPUT/tracker.xlsx)
  spectrum-convert unlock --force                  remove the run locks after checking no run is alive
  spectrum-convert help                            this text

Options for run and plan (each also a config file key; environment variable in brackets):
  --input DIR          the drop folder (default input/) [SPECTRUM_CONVERT_INPUT]
  --output DIR         results, logs, embedded CRM (default output/) [SPECTRUM_CONVERT_OUTPUT]
  --concurrency N      billers converted at once (default 4) [SPECTRUM_CONVERT_CONCURRENCY]
  --target sqlite|http the CRM adapter (default sqlite) [SPECTRUM_CONVERT_TARGET]
  --crm-db FILE        the embedded CRM (default OUTPUT/crm.db) [SPECTRUM_CONVERT_CRM_DB]
  --crm-url URL        the CRM for --target http [SPECTRUM_CONVERT_CRM_URL]; its token only from
                       the environment [SPECTRUM_CONVERT_CRM_TOKEN]
  --only ID,...        only these biller ids
  --now YYYY-MM-DD     the date that decides which conversions are due (default today in timeZone)
  --no-archive         leave converted worksheets in the input folder
  --dry-run            plan only
  --json               print the run summary as JSON on stdout
  --quiet, -q          print errors only
  --config FILE        a JSON configuration file [SPECTRUM_CONVERT_CONFIG]

Exit codes:
  0    every due biller converted, already converted, planned or scheduled (validate: every file valid)
  1    some biller invalid, blocked or failed, or some file rejected
  2    usage or configuration error
  3    some biller rollback-failed: a person must act now
  75   another run holds the lock (the message says who)
  130  interrupted (Ctrl-C or SIGTERM); the results workbook is still written

Journal key (to restore secrets on rollback): SPECTRUM_CONVERT_JOURNAL_KEY (64 hex digits or base64)
or a key file named by journalKeyFile in the config file; never a flag.
`;
