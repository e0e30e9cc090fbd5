@epic:data @story:schema @owner:data-platform
Feature: The curated table's schema and partitions

  @severity:critical @req=DL-210
  Scenario: curated.positions declares the agreed columns
    Then the table "curated.positions" has the columns:
      | name         | type          |
      | position_id  | string        |
      | account_id   | string        |
      | security_id  | string        |
      | quantity     | bigint        |
      | market_value | decimal(18,2) |
      | currency     | string        |
      | ingested_at  | timestamp     |
      | as_of_date   | date          |

  @severity:critical @req=DL-211
  Scenario: An ingested file registers its partition
    Given the file "positions/valid.csv" is uploaded to "s3://landing/positions/inbound/date=${today}/${scenarioId}.csv"
    Then the state machine "ingest-positions" is started for "s3://landing/positions/inbound/date=${today}/${scenarioId}.csv" within 1 minute
    And the execution succeeds within 2 minutes
    And an event matching this pattern is published on the bus "datalake" within 20 seconds:
      """json
      { "source": ["datalake.ingest"], "detail-type": ["FileCurated"], "detail": { "key": ["positions/inbound/date=${today}/${scenarioId}.csv"] } }
      """
    And the table "curated.positions" has the partition "as_of_date=${today}"
    And the table "curated.positions" has 3 rows where "as_of_date = DATE '${today}' AND source_file LIKE '%${scenarioId}%'"
