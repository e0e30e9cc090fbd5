import { setWorldConstructor } from '@cucumber/cucumber';
import { PostflightWorld } from '../world';

// The World class lives in support/world.ts, importable without cucumber's runtime (benchmarks, tests).
setWorldConstructor(PostflightWorld);
