import { accountMessages } from "@/modules/account/messages";
import { adminMessages } from "@/modules/admin/messages";
import { boardMessages } from "@/modules/board/messages";
import { dashboardMessages } from "@/modules/dashboard/messages";
import { directoryMessages } from "@/modules/directory/messages";
import { duplicatesMessages } from "@/modules/duplicates/messages";
import { editingMessages } from "@/modules/editing/messages";
import { importMessages } from "@/modules/import/messages";
import { programmeMessages } from "@/modules/programme/messages";
import { referralMessages } from "@/modules/referral/messages";
import { structureMessages } from "@/modules/structure/messages";
import { commonMessages } from "./common.messages";

const fr = {
  ...commonMessages.fr,
  ...directoryMessages.fr,
  ...structureMessages.fr,
  ...referralMessages.fr,
  ...boardMessages.fr,
  ...dashboardMessages.fr,
  ...editingMessages.fr,
  ...programmeMessages.fr,
  ...accountMessages.fr,
  ...adminMessages.fr,
  ...importMessages.fr,
  ...duplicatesMessages.fr,
};

export type MessageKey = keyof typeof fr;

const en: Record<MessageKey, string> = {
  ...commonMessages.en,
  ...directoryMessages.en,
  ...structureMessages.en,
  ...referralMessages.en,
  ...boardMessages.en,
  ...dashboardMessages.en,
  ...editingMessages.en,
  ...programmeMessages.en,
  ...accountMessages.en,
  ...adminMessages.en,
  ...importMessages.en,
  ...duplicatesMessages.en,
};

/** Every message of the interface, French first; English has the same keys (checked by tsc). */
export const messages = { fr, en };
