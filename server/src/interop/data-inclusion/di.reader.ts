import { Readable } from "node:stream";
import { chain } from "stream-chain";
import { parser } from "stream-json";
import { pick } from "stream-json/filters/Pick";
import { streamValues } from "stream-json/streamers/StreamValues";
import { ImportFileError } from "../read/decode";

const SHAPE =
  'un tableau JSON de structures ou de services data·inclusion ([…]), ou un objet { "structures": […], "services": […] }';

/**
 * Streams the records of a data·inclusion JSON file, one object at a time (memory stays bounded
 * whatever the file's size): a top-level array, or an object with `structures` and `services`
 * arrays. Yields each record with its position (1 is the first).
 */
export async function* readDiRecords(text: AsyncIterable<string>): AsyncGenerator<{
  position: number;
  value: unknown;
}> {
  let firstToken: string | null = null;
  const pipeline = chain([
    Readable.from(text),
    parser(),
    (token: { name: string }) => {
      if (firstToken === null) {
        firstToken = token.name;
        if (token.name !== "startArray" && token.name !== "startObject") {
          throw new ImportFileError("INVALID_JSON", `Contenu inattendu : ${SHAPE} est attendu.`);
        }
      }
      return token;
    },
    pick({ filter: /^(\d+|(structures|services)\.\d+)$/ }),
    streamValues(),
  ]);
  let position = 0;
  try {
    for await (const { value } of pipeline as AsyncIterable<{ value: unknown }>) {
      yield { position: ++position, value };
    }
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ImportFileError(
      "INVALID_JSON",
      `JSON invalide après l'enregistrement ${position} : ${reason}. Le fichier est peut-être tronqué.`,
      position + 1,
    );
  }
  if (firstToken === null) throw new ImportFileError("EMPTY_FILE", "Le fichier ne contient rien.");
  if (firstToken === "startObject" && position === 0) {
    throw new ImportFileError("NO_RECORDS", `Aucun enregistrement trouvé : ${SHAPE} est attendu.`);
  }
}
