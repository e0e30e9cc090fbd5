@epic:data @story:queries @owner:data-platform
Feature: Ad-hoc Athena queries on curated data

  Background:
    Given the file "positions/valid.csv" is uploaded to "s3://landing/positions/inbound/date=${today}/${scenarioId}.csv"
    Then the state machine "ingest-positions" is started for "s3://landing/positions/inbound/date=${today}/${scenarioId}.csv" within 1 minute
    And the execution succeeds within 2 minutes
    And an event matching this pattern is published on the bus "datalake" within 20 seconds:
      """json
      { "source": ["datalake.ingest"], "detail-type": ["FileCurated"], "detail": { "key": ["positions/inbound/date=${today}/${scenarioId}.csv"] } }
      """

  @severity:normal @req=DL-240
  Scenario: The curated rows are the landed rows
    When the query is run:
      """sql
      SELECT account_id, security_id, quantity, market_value
      FROM ${table:curated.positions}
      WHERE as_of_date = DATE '${today}' AND source_file LIKE '%${scenarioId}%'
      """
    Then the query result is:
      | account_id | security_id  | quantity | market_value |
      | A-2        | US5949181045 | 40       | 16880.40     |
      | A-1        | US0378331005 | 100      | 18934.00     |
      | A-1        | DE0007164600 | 250      | 30125.5      |
    And the query returns 3 rows

  @severity:minor @req=DL-241
  Scenario: A query naming a column that does not exist fails like Athena
    When the query is run:
      """sql
      SELECT notional FROM ${table:curated.positions}
      """
    Then the query fails with an error containing "COLUMN_NOT_FOUND"
