import { Before, BeforeStep } from '@cucumber/cucumber';
import type { PostflightWorld } from '../world';

// Triggered work is looked for since the step before the one that looks (STEPS.md, "Triggered work"):
// each scenario keeps when it and its steps started.
Before(function (this: PostflightWorld) {
  this.clock.scenarioStartedAt = Date.now();
  this.clock.previousStepStartedAt = undefined;
  this.clock.stepStartedAt = Date.now();
});

BeforeStep(function (this: PostflightWorld) {
  this.clock.previousStepStartedAt = this.clock.stepStartedAt;
  this.clock.stepStartedAt = Date.now();
});
