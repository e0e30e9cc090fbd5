@selftest
Feature: Data checks that must catch bad data, and say why

  These scenarios are meant to fail (test/e2e/data-failures.test.ts asserts each outcome and
  message).

  Background:
    Given the file "positions/valid.csv" is uploaded to "s3://landing/positions/date=${today}/${scenarioId}.csv"
    And the value "s3://${bucket:landing}/positions/date=${today}/${scenarioId}.csv" is remembered as "landedFile"
    When the state machine "ingest-positions" is started with input from "events/ingest.json"
    Then the execution succeeds within 2 minutes

  Scenario: A source that differs from the curated table
    Given these rows are uploaded as CSV to "s3://landing/compare/${scenarioId}.csv":
      | account_id | security_id  | quantity | market_value | currency |
      | A-1        | US0378331005 | 101      | 18934.00     | USD      |
      | A-1        | DE0007164600 | 250      | 30125.52     | EUR      |
      | A-9        | GB0002634946 | 10       | 150.00       | GBP      |
      | A-9        | GB0002634946 | 10       | 150.00       | GBP      |
    Then the file "s3://landing/compare/${scenarioId}.csv" reconciles with the table "curated.positions" where "source_file = '${landedFile}'":
      | source column | target column | rule  |
      | account_id    | account_id    | key   |
      | security_id   | security_id   | key   |
      | quantity      | quantity      | equal |
      | market_value  | market_value  | 0.01  |

  Scenario: Row counts that differ
    Given these rows are uploaded as CSV to "s3://landing/compare/${scenarioId}.csv":
      | account_id | security_id  | quantity | market_value | currency |
      | A-1        | US0378331005 | 100      | 18934.00     | USD      |
    Then the row count of "s3://landing/compare/${scenarioId}.csv" equals the row count of "curated.positions" where "source_file = '${landedFile}'"

  Scenario: Sums that differ by a cent
    Given these rows are uploaded as CSV to "s3://landing/compare/${scenarioId}.csv":
      | account_id | security_id  | quantity | market_value | currency |
      | A-1        | US0378331005 | 100      | 18934.01     | USD      |
      | A-1        | DE0007164600 | 250      | 30125.50     | EUR      |
      | A-2        | US5949181045 | 40       | 16880.40     | USD      |
    Then the sum of "market_value" in "s3://landing/compare/${scenarioId}.csv" equals the sum of "market_value" in "curated.positions" where "source_file = '${landedFile}'"

  Scenario: A currency outside the allowed set
    Then the column "currency" of "curated.positions" only contains where "source_file = '${landedFile}'":
      | USD |

  Scenario: Quantities outside the range
    Then the column "quantity" of "curated.positions" is between 0 and 50 where "source_file = '${landedFile}'"

  Scenario: An account is not unique
    Then the column "account_id" of "curated.positions" is unique where "source_file = '${landedFile}'"

  Scenario: Identifiers that do not match the pattern
    Then the column "security_id" of "curated.positions" matches "^US" where "source_file = '${landedFile}'"

  Scenario: Another row count
    Then the table "curated.positions" has 4 rows where "source_file = '${landedFile}'"

  Scenario: Another column type
    Then the table "curated.positions" has the columns:
      | name     | type |
      | quantity | int  |

  Scenario: A partition that was never registered
    Then the table "curated.positions" has the partition "as_of_date=1999-01-01"

  Scenario: Freshness of nothing cannot be measured
    Then the newest "ingested_at" of "curated.positions" is at most 1 hour old where "source_file = 'no such file'"

  Scenario: Several checks, two of them failing, in one scan
    Then the table "curated.positions" passes these checks where "source_file = '${landedFile}'":
      | check         | column      | argument |
      | rows          |             | 3        |
      | no nulls      | account_id  |          |
      | only contains | currency    | USD, GBP |
      | between       | quantity    | 0 and 99 |

  Scenario: A query result that differs
    When the query is run:
      """sql
      SELECT account_id, quantity FROM ${table:curated.positions} WHERE source_file = '${landedFile}'
      """
    Then the query result is:
      | account_id | quantity |
      | A-1        | 100      |
      | A-1        | 250      |
      | A-2        | 41       |
