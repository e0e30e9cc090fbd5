@selftest
Feature: A protected environment runs only what is safe there

  @prod-safe
  Scenario: A read-only check runs
    When the query is run:
      """sql
      SELECT count(*) AS securities FROM ${table:reference.securities}
      """
    Then the query returns 1 row

  @prod-safe
  Scenario: A write under a writable prefix is allowed
    Given the object "s3://landing/postflight/${scenarioId}.txt" is written with:
      """
      a harmless marker
      """
    Then an object exists at "s3://landing/postflight/${scenarioId}.txt" within 5 seconds

  @prod-safe
  Scenario: A write anywhere else is refused
    Given the object "s3://landing/positions/${scenarioId}.csv" is written with:
      """
      account_id
      """

  Scenario: A scenario not marked safe never runs here
    Given the object "s3://landing/anything/${scenarioId}.txt" is written with:
      """
      should never be written
      """
