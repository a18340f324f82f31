// Entry of the classic-script build (dist/t.js): start the tracker as soon as the script runs,
// while document.currentScript still names our <script> tag. No exports, so the IIFE assigns
// nothing to the global scope except window.tertulia (done by boot).
import { boot } from './t';

boot();
