import { describeProtocolSuite } from './test-kit/protocol-suite.js';

describeProtocolSuite('pglite');
