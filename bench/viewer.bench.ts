/** `npm run bench -- viewer`: frames per second of the live viewer in headless Chromium (see viewer/live/fps-benchmark.ts). */
export { default } from '../viewer/live/fps-benchmark.js';
