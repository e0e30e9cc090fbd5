@epic:process @story:resilience @owner:data-platform
Feature: Riding out transient failures and late data

  @severity:critical @req=DL-120
  Scenario: A transient failure of the transform is retried
    Given these rows are uploaded as CSV to "s3://landing/positions/date=${today}/${scenarioId}.csv":
      | account_id | security_id  | quantity | market_value | currency |
      | A-1        | US0378331005 | 100      | 18934.00     | USD      |
      | A-3        | FR0000120271 | 75       | 4410.75      | EUR      |
    When the state machine "ingest-positions" is started with input:
      """json
      {
        "bucket": "${bucket:landing}",
        "key": "positions/date=${today}/${scenarioId}.csv",
        "simulate": { "transientFailures": 2 }
      }
      """
    Then the execution succeeds within 2 minutes
    And the state "Transform" was retried 2 times
    And the execution output matches:
      | path          | value |
      | $.recordCount | 2     |

  @severity:normal @req=DL-121
  Scenario: A late file lands in the partition of its own date
    Given the file "positions/valid.csv" is uploaded to "s3://landing/positions/date=${today-1d}/${scenarioId}.csv"
    When the state machine "ingest-positions" is started with input:
      """json
      { "bucket": "${bucket:landing}", "key": "positions/date=${today-1d}/${scenarioId}.csv" }
      """
    Then the execution succeeds within 2 minutes
    And the execution output matches:
      | path        | value          |
      | $.asOfDate  | "${today-1d}"  |
    And an object exists at "s3://curated/positions/as_of_date=${today-1d}/${scenarioId}.parquet" within 10 seconds
