import { describeEncryptionSuite } from './test-kit/encryption-suite.js';

describeEncryptionSuite('postgres');
