import type { Command } from '../command';
import { obsCommands } from './obs';

/** Every `modelarts` command except `local`, which manages the daemon itself. */
export const allCommands: readonly Command[] = [...obsCommands];
