@selftest @triggered-interrupt
Feature: A run interrupted while it watches a topic and a bus

  Scenario: Waits for a notification that never comes
    Then a notification is published to the topic "alerts" within 2 minutes containing:
      """json
      { "status": "NEVER-${scenarioId}" }
      """

  Scenario: Waits for an event that never comes
    Then an event matching this pattern is published on the bus "datalake" within 2 minutes:
      """json
      { "source": ["nobody-${scenarioId}"] }
      """
