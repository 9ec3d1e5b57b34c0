// No globalSetup: these tests are about finding the services, so each one chooses what it may find.
import shared from "../../vitest.shared.js";

export default shared;
