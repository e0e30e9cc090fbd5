@epic:process @story:ingestion @smoke @severity:blocker
Feature: Smoke — a landed positions file goes through the whole chain

  A valid file lands, the ingest state machine runs, and the release is alive end to end.

  Scenario: A valid positions file is ingested
    Given the file "positions/valid.csv" is uploaded to "s3://landing/positions/date=${today}/${scenarioId}.csv"
    When the state machine "ingest-positions" is started with input:
      """json
      { "bucket": "${bucket:landing}", "key": "positions/date=${today}/${scenarioId}.csv" }
      """
    Then the execution succeeds within 2 minutes
