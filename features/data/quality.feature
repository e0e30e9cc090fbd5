@epic:data @story:data-quality @owner:data-platform
Feature: Data quality of curated positions

  Background:
    Given the file "positions/valid.csv" is uploaded to "s3://landing/positions/inbound/date=${today}/${scenarioId}.csv"
    And the value "s3://${bucket:landing}/positions/inbound/date=${today}/${scenarioId}.csv" is remembered as "landedFile"
    Then the state machine "ingest-positions" is started for "s3://landing/positions/inbound/date=${today}/${scenarioId}.csv" within 1 minute
    And the execution succeeds within 2 minutes
    And an event matching this pattern is published on the bus "datalake" within 20 seconds:
      """json
      { "source": ["datalake.ingest"], "detail-type": ["FileCurated"], "detail": { "key": ["positions/inbound/date=${today}/${scenarioId}.csv"] } }
      """

  @severity:critical @req=DL-220
  Scenario: Identifiers are present and unique
    Then the column "account_id" of "curated.positions" has no nulls where "source_file = '${landedFile}'"
    And the column "position_id" of "curated.positions" is unique where "source_file = '${landedFile}'"
    And the columns "account_id, security_id" of "curated.positions" are unique together where "source_file = '${landedFile}'"

  @severity:normal @req=DL-221
  Scenario: Values stay within their domains
    Then the column "currency" of "curated.positions" only contains where "source_file = '${landedFile}'":
      | USD |
      | EUR |
      | GBP |
    And the column "quantity" of "curated.positions" is between 0 and 1000000 where "source_file = '${landedFile}'"
    And the column "security_id" of "curated.positions" matches "^[A-Z]{2}[A-Z0-9]{9}[0-9]$" where "source_file = '${landedFile}'"

  @severity:normal @req=DL-222
  Scenario: The data is fresh
    Then the newest "ingested_at" of "curated.positions" is at most 1 hour old where "source_file = '${landedFile}'"

  @severity:normal @req=DL-223
  Scenario: Several checks in one scan of the partition
    Then the table "curated.positions" passes these checks where "as_of_date = DATE '${today}' AND source_file = '${landedFile}'":
      | check         | column      | argument                      |
      | rows          |             | 3                             |
      | no nulls      | account_id  |                               |
      | unique        | position_id |                               |
      | only contains | currency    | USD, EUR, GBP                 |
      | between       | quantity    | 0 and 1000000                 |
      | matches       | security_id | ^[A-Z]{2}[A-Z0-9]{9}[0-9]$    |
      | exists in     | security_id | security_id of reference.securities |
