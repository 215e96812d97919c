// Loaded by mocha before any test (see .mocharc.json). The AWS SDK warns once per process that
// its future releases need Node 22; tests run on Node 20 on purpose, so the warning is noise.
'use strict';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED || 'true';
