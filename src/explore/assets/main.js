// main.js: the entry point. Hands the three views to the router (app.js),
// which mounts the one the URL names. Nothing else happens here.

import { startApp } from './app.js';
import { expressionView } from './expression.js';
import { networkView } from './network.js';
import { lessonView } from './lesson.js';

startApp({ expression: expressionView, network: networkView, lesson: lessonView });
