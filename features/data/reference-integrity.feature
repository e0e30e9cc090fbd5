@epic:data @story:reference-data @owner:data-platform
Feature: Positions refer to known securities

  @severity:critical @req=DL-230
  Scenario: Every curated security is in the securities master
    Given the file "positions/valid.csv" is uploaded to "s3://landing/positions/inbound/date=${today}/${scenarioId}.csv"
    Then the state machine "ingest-positions" is started for "s3://landing/positions/inbound/date=${today}/${scenarioId}.csv" within 1 minute
    And the execution succeeds within 2 minutes
    And an event matching this pattern is published on the bus "datalake" within 20 seconds:
      """json
      { "source": ["datalake.ingest"], "detail-type": ["FileCurated"], "detail": { "key": ["positions/inbound/date=${today}/${scenarioId}.csv"] } }
      """
    And every "security_id" of "curated.positions" exists in "security_id" of "reference.securities" where "source_file LIKE '%${scenarioId}%'"

  @severity:normal @req=DL-231
  Scenario: The securities master is queryable
    When the query is run:
      """sql
      SELECT asset_class, count(*) AS securities FROM ${table:reference.securities} GROUP BY asset_class ORDER BY asset_class
      """
    Then the query result is, in order:
      | asset_class | securities |
      | BOND        | 2          |
      | EQUITY      | 6          |
    And the query returns 2 rows
