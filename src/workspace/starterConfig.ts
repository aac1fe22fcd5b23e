// The report config Open Report Config offers in a folder without one: every field the report
// needs, with the CSV it expects described in comments, ready to fill in. No vscode (unit-tested:
// it parses as it is).
/** A config to start from: every field the report needs, with the CSV it expects described in comments. */
export const STARTER_CONFIG = `# Calibrate report config: shared by the team through git. The format: README "Config format".
version: 1
title: Key business metrics
timezone: UTC                     # the report time zone (IANA), e.g. America/Los_Angeles
source:
  type: csv
  # A long CSV inside this folder, one value per row, for example:
  #   timestamp,metric,value,country,platform
  #   2026-11-03T16:00:00Z,page_views,18234,US,web
  # timestamp (ISO-8601 with an offset), metric and value are required; other columns are dimensions.
  path: data/metrics.csv
metrics:                          # the rows of the report, in this order
  - id: page_views                # as in the CSV's metric column
    label: Page views
  # - id: signups
  #   label: Sign-ups
  # - id: signup_rate             # a ratio of totals, never a sum of ratios
  #   label: Sign-up rate
  #   ratio: { numerator: signups, denominator: page_views }
dimensions: {}                    # e.g. country: { values: { US: { country: US, timezone: America/New_York } } }
thresholds:                       # |% change| against the same hour last week
  amber: 5
  red: 15
`;
